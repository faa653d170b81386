/**
 * The test kit: run a real ProcessGuard on virtual time in a unit test, feed it scripted
 * signals, record what its actions did, and assert the behaviour a policy promises. Only for
 * tests: nothing in ProcessGuard's other packages uses it, and its JUnit extension needs
 * {@code junit-jupiter-api} on the test class path.
 */
@NullMarked
package io.processguard.testkit;

import org.jspecify.annotations.NullMarked;
