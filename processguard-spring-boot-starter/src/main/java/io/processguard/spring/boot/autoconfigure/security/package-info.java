/** Spring Security rules for the {@code processguard} actuator endpoint. */
@NullMarked
package io.processguard.spring.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
