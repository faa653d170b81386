/**
 * Human approval of dangerous actions: requests with evidence and expiry, four-eyes approval by
 * an authorised operator, and the events that record every step.
 */
@NullMarked
package io.processguard.approval;

import org.jspecify.annotations.NullMarked;
