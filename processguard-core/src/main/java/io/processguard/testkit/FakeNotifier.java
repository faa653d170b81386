package io.processguard.testkit;

import io.processguard.alert.Notification;
import io.processguard.alert.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Notifier} that records every notification it is given. Thread-safe. */
public final class FakeNotifier extends Fake implements Notifier {
  private final List<Notification> received = new CopyOnWriteArrayList<>();

  FakeNotifier(String name, GuardHarness harness) {
    super(name, harness);
  }

  /** Makes every later delivery throw. */
  public FakeNotifier fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Returns every notification received, oldest first. */
  public List<Notification> notifications() {
    return List.copyOf(received);
  }

  /** Returns the notifications that open an alert (pages). */
  public List<Notification> pages() {
    return received.stream().filter(n -> n.kind() == Notification.Kind.TRIGGER).toList();
  }

  @Override
  public void deliver(Notification notification) throws Exception {
    received.add(notification);
    call(notification.kind() + " " + notification.summary());
  }
}
