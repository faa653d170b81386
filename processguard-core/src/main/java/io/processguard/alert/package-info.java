/** Alerts: notifications with context, the notifier contract, routing and on-call channels. */
@NullMarked
package io.processguard.alert;

import org.jspecify.annotations.NullMarked;
