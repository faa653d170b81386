package io.processguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardedTest {

  @Test
  void run_aComponentThatKeepsFailing_isLoggedOnceThenCountedNotFlooded() {
    String component = "listener GuardedTest-" + System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      Throwable failure = Guarded.run(component, () -> {
        throw new IllegalStateException("broken listener");
      });
      assertThat(failure).hasMessage("broken listener");
    }
    assertThat(Guarded.linesLogged(component)).isEqualTo(1);
    assertThat(Guarded.unlogged(component)).isEqualTo(999);
  }

  @Test
  void run_aComponentThatSucceeds_isNotLoggedAndReturnsNull() {
    String component = "listener GuardedTest-ok-" + System.nanoTime();
    assertThat(Guarded.run(component, () -> { })).isNull();
    assertThat(Guarded.linesLogged(component)).isZero();
  }
}
