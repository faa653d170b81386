/** Problems found in specs, policies and files, all reported at once. */
@NullMarked
package io.processguard.validation;

import org.jspecify.annotations.NullMarked;
