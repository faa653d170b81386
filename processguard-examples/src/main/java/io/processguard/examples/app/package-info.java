/** A small Spring Boot application guarding a worker pool with the ProcessGuard starter, configured by properties. */
@NullMarked
package io.processguard.examples.app;

import org.jspecify.annotations.NullMarked;
