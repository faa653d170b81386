package io.processguard.fleet;

import static java.util.Objects.requireNonNull;

import io.processguard.approval.ApprovalStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Approval requests in memory. Thread-safe by one lock. */
final class InMemoryApprovalStore implements ApprovalStore {
  private final Map<String, SharedApproval> requests = new LinkedHashMap<>();

  @Override
  public synchronized void open(SharedApproval request) {
    requests.putIfAbsent(requireNonNull(request, "request").id(), request);
  }

  @Override
  public synchronized Optional<SharedApproval> find(String id) {
    return Optional.ofNullable(requests.get(requireNonNull(id, "id")));
  }

  @Override
  public synchronized List<SharedApproval> pending() {
    List<SharedApproval> out = new ArrayList<>();
    for (SharedApproval r : requests.values()) {
      if (r.status() == ApprovalStatus.PENDING) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public synchronized Optional<SharedApproval> decide(String id, ApprovalStatus status, String operator, String reason) {
    SharedApproval r = requests.get(requireNonNull(id, "id"));
    if (r == null || r.status() != ApprovalStatus.PENDING) {
      return Optional.empty();
    }
    SharedApproval done = r.decided(status, Optional.of(operator), reason);
    requests.put(id, done);
    return Optional.of(done);
  }

  @Override
  public synchronized boolean claimExecution(String id, String instance) {
    SharedApproval r = requests.get(requireNonNull(id, "id"));
    if (r == null || r.status() != ApprovalStatus.APPROVED || r.executedBy().isPresent()) {
      return false;
    }
    requests.put(id, r.executed(instance));
    return true;
  }
}
