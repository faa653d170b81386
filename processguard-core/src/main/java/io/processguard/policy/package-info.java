/**
 * Policies as data: rules that map a breached condition to a ladder of recovery actions, with
 * restart budgets, backoff and modes; and the decisions they produce, each with its reasons.
 */
@NullMarked
package io.processguard.policy;

import org.jspecify.annotations.NullMarked;
