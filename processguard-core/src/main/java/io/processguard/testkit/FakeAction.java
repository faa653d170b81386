package io.processguard.testkit;

import io.processguard.recovery.ActionContext;
import io.processguard.recovery.RecoveryAction;

/** A custom {@link RecoveryAction} that records each run and behaves as told. Thread-safe. */
public final class FakeAction extends Fake implements RecoveryAction {

  FakeAction(String name, GuardHarness harness) {
    super(name, harness);
  }

  /** Makes every later run throw. */
  public FakeAction fails() {
    behave(Behaviour.FAIL);
    return this;
  }

  /** Makes every later run block until the guard's action timeout interrupts it. */
  public FakeAction hangs() {
    behave(Behaviour.HANG);
    return this;
  }

  /** Returns how many times it ran. */
  public int runs() {
    return calls().size();
  }

  @Override
  public void execute(ActionContext context) throws Exception {
    call("run for " + context.incidentId());
  }
}
