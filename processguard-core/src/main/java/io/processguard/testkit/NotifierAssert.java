package io.processguard.testkit;

import io.processguard.alert.Notification;
import java.util.List;

/** Assertions about what a fake notifier received; failures show the timeline. */
public final class NotifierAssert {
  private final GuardHarness harness;
  private final FakeNotifier notifier;

  NotifierAssert(GuardHarness harness, FakeNotifier notifier) {
    this.harness = harness;
    this.notifier = notifier;
  }

  /** Asserts the number of pages (trigger notifications). */
  public NotifierAssert paged(int times) {
    int actual = notifier.pages().size();
    check(actual == times, "to have sent " + times + " page(s), but it sent " + actual + ": " + summaries(notifier.pages()));
    return this;
  }

  /** Asserts exactly one page, with this dedup key. */
  public NotifierAssert pagedOnceWithDedupKey(String dedupKey) {
    List<Notification> pages = notifier.pages();
    check(pages.size() == 1 && pages.get(0).dedupKey().equals(dedupKey),
        "to have sent exactly one page with dedup key '" + dedupKey + "', but it sent " + summaries(pages));
    return this;
  }

  /** Asserts that every page was resolved with the same dedup key. */
  public NotifierAssert everyPageResolved() {
    for (Notification page : notifier.pages()) {
      boolean resolved = notifier.notifications().stream()
          .anyMatch(n -> n.kind() == Notification.Kind.RESOLVE && n.dedupKey().equals(page.dedupKey()));
      check(resolved, "to have resolved the page '" + page.dedupKey() + "', but it did not");
    }
    return this;
  }

  private static List<String> summaries(List<Notification> list) {
    return list.stream().map(n -> n.dedupKey() + ": " + n.summary()).toList();
  }

  private void check(boolean ok, String expectation) {
    if (!ok) {
      throw new AssertionError("expected notifier '" + notifier.name() + "' " + expectation
          + "\n\ntimeline (virtual time):\n" + harness.timeline());
    }
  }
}
