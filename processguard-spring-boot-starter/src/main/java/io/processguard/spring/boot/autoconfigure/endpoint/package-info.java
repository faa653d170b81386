/** The {@code processguard} actuator endpoint: inventory, incidents, recent events, policies and operator actions. */
@NullMarked
package io.processguard.spring.boot.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
