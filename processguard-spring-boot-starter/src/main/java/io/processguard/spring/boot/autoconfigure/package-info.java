/** Spring Boot auto-configuration of the ProcessGuard core: properties, the guard bean, its lifecycle and start-up failure analysis. */
@NullMarked
package io.processguard.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
