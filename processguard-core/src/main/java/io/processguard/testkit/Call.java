package io.processguard.testkit;

import java.time.Duration;

/**
 * One recorded call on a fake: which fake, what was called, and when in virtual time.
 *
 * @param component the fake's name
 * @param what the call, such as {@code restart} or a notification's kind and summary
 * @param at virtual time elapsed since the start of the test
 */
public record Call(String component, String what, Duration at) {
  @Override
  public String toString() {
    return at + " " + component + " " + what;
  }
}
