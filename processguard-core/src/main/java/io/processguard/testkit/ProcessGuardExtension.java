package io.processguard.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension: injects a fresh {@link GuardHarness} (and its {@link VirtualTime})
 * into each test method and closes it after the test.
 *
 * <pre>{@code
 * @ExtendWith(ProcessGuardExtension.class)
 * class CheckoutPolicyTest {
 *   @Test
 *   void restartsAfterThreeSlowSamples(GuardHarness h) { ... }
 * }
 * }</pre>
 */
public final class ProcessGuardExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ProcessGuardExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == GuardHarness.class || type == VirtualTime.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    GuardHarness harness = context.getStore(NAMESPACE)
        .computeIfAbsent("harness", k -> GuardHarness.create(), GuardHarness.class);
    return parameter.getParameter().getType() == VirtualTime.class ? harness.time() : harness;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    GuardHarness harness = context.getStore(NAMESPACE).remove("harness", GuardHarness.class);
    if (harness != null) {
      harness.close();
    }
  }
}
