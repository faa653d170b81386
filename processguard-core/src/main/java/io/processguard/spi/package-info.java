/** Extension points: time sources and other contracts an embedding application may replace. */
@NullMarked
package io.processguard.spi;

import org.jspecify.annotations.NullMarked;
