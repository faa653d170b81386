package io.processguard.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The open alerts and pages of an {@link AlertRouter}: a pure state machine over notifications and
 * time that returns what to send and what to suppress, and does no I/O.
 *
 * <p>Design: an alert (one dedup key) is {@code PENDING} during its trigger grace, then either
 * {@code PAGED} (it opened a page, or joined the open page of its group) or {@code MUTED} (a
 * silence or an inhibition held it back; re-checked every tick). A page is what on-call people
 * see: one dedup key (its first alert's), reminders, and one resolve when its last member
 * resolves. Resembles Alertmanager's group_wait / group_interval / repeat_interval and
 * inhibit_rules, reduced to what one process needs.
 *
 * <p>Not thread-safe: the router calls it under its lock.
 */
final class AlertBook {

  /** A decision about one notification. */
  sealed interface Step permits Send, Suppress {}

  /** Send this notification to the channels routed for its severity. */
  record Send(Notification notification) implements Step {}

  /** Do not send this notification, for this reason. */
  record Suppress(Notification notification, SuppressionReason reason) implements Step {}

  /** Tells whether a silence mutes a notification at an instant. */
  @FunctionalInterface
  interface Silencer {
    boolean silenced(Notification n, Instant at);
  }

  private enum State { PENDING, MUTED, PAGED }

  private static final class Alert {
    Notification latest;
    final AlertSeverity severity;
    State state = State.PENDING;
    final long releaseAt;
    @Nullable Page page;
    @Nullable SuppressionReason muted;

    Alert(Notification first, long releaseAt) {
      this.latest = first;
      this.severity = first.severity();
      this.releaseAt = releaseAt;
    }
  }

  private static final class Page {
    final String key;
    final String group;
    final AlertSeverity severity;
    final long openedAt;
    long nextReminder;
    Alert leader;
    final Map<String, Alert> members = new LinkedHashMap<>();

    Page(Alert leader, String group, long openedAt, long nextReminder) {
      this.key = leader.latest.dedupKey();
      this.group = group;
      this.severity = leader.severity;
      this.openedAt = openedAt;
      this.nextReminder = nextReminder;
      this.leader = leader;
      members.put(key, leader);
    }
  }

  private final long graceNanos;
  private final long reminderNanos;
  private final long groupWindowNanos;
  private final Optional<String> groupTag;
  private final Optional<AlertSeverity> inhibiting;
  private final Silencer silencer;
  private final Map<String, Alert> alerts = new LinkedHashMap<>();
  private final Map<String, Page> pageOfGroup = new HashMap<>();
  private final Map<String, Page> pages = new LinkedHashMap<>();
  private final Map<String, Integer> inhibitors = new HashMap<>();

  AlertBook(long graceNanos, long reminderNanos, long groupWindowNanos, Optional<String> groupTag,
      Optional<AlertSeverity> inhibiting, Silencer silencer) {
    this.graceNanos = graceNanos;
    this.reminderNanos = reminderNanos;
    this.groupWindowNanos = groupWindowNanos;
    this.groupTag = groupTag;
    this.inhibiting = inhibiting;
    this.silencer = silencer;
  }

  /** Takes one submitted notification in, then advances time; returns the decisions in order. */
  List<Step> accept(Notification n, long now, Instant at) {
    List<Step> steps = new ArrayList<>();
    switch (n.kind()) {
      case TRIGGER, REMINDER -> trigger(n, now, steps);
      case RESOLVE -> resolve(n, steps);
      case INFO -> info(n, at, steps);
    }
    steps.addAll(advance(now, at));
    return steps;
  }

  /** Releases alerts whose grace ended, re-checks muted ones, and sends reminders that are due. */
  List<Step> advance(long now, Instant at) {
    List<Step> steps = new ArrayList<>();
    List<Page> opened = new ArrayList<>();
    for (Alert a : new ArrayList<>(alerts.values())) {
      if (a.state == State.MUTED || (a.state == State.PENDING && now - a.releaseAt >= 0)) {
        release(a, now, at, steps, opened);
      }
    }
    for (Page p : opened) {
      steps.add(new Send(pageNotification(p, Notification.Kind.TRIGGER, at)));
    }
    if (reminderNanos > 0) {
      for (Page p : pages.values()) {
        if (!opened.contains(p) && now - p.nextReminder >= 0) {
          p.nextReminder = now + reminderNanos;
          remind(p, at, steps);
        }
      }
    }
    return steps;
  }

  /** Returns the ticker reading at which {@link #advance} has work, or empty when none is due. */
  java.util.OptionalLong nextWake() {
    long next = Long.MAX_VALUE;
    boolean any = false;
    for (Alert a : alerts.values()) {
      if (a.state == State.PENDING) {
        next = any ? Math.min(next, a.releaseAt) : a.releaseAt;
        any = true;
      }
    }
    if (reminderNanos > 0) {
      for (Page p : pages.values()) {
        next = any ? Math.min(next, p.nextReminder) : p.nextReminder;
        any = true;
      }
    }
    return any ? java.util.OptionalLong.of(next) : java.util.OptionalLong.empty();
  }

  /** Returns whether any alert is held back by a silence or an inhibition. */
  boolean hasMuted() {
    for (Alert a : alerts.values()) {
      if (a.state == State.MUTED) {
        return true;
      }
    }
    return false;
  }

  int openAlerts() {
    return alerts.size();
  }

  int openPages() {
    return pages.size();
  }

  private void trigger(Notification n, long now, List<Step> steps) {
    Alert open = alerts.get(n.dedupKey());
    if (open != null) {
      open.latest = n.withKind(Notification.Kind.TRIGGER, n.timestamp());
      steps.add(new Suppress(n, SuppressionReason.DUPLICATE));
      return;
    }
    if (n.kind() == Notification.Kind.REMINDER) {
      steps.add(new Suppress(n, SuppressionReason.NOT_OPEN));
      return;
    }
    alerts.put(n.dedupKey(), new Alert(n, now + graceNanos));
    if (isInhibitor(n.severity())) {
      inhibitors.merge(n.target(), 1, Integer::sum);
    }
  }

  private void resolve(Notification n, List<Step> steps) {
    Alert a = alerts.remove(n.dedupKey());
    if (a == null) {
      steps.add(new Suppress(n, SuppressionReason.NOT_OPEN));
      return;
    }
    if (isInhibitor(a.severity)) {
      inhibitors.computeIfPresent(a.latest.target(), (t, c) -> c > 1 ? c - 1 : null);
    }
    switch (a.state) {
      case PENDING -> {
        steps.add(new Suppress(a.latest, SuppressionReason.TRANSIENT));
        steps.add(new Suppress(n, SuppressionReason.TRANSIENT));
      }
      case MUTED -> steps.add(new Suppress(n, SuppressionReason.NOT_OPEN));
      case PAGED -> resolvePaged(a, n, steps);
    }
  }

  private void resolvePaged(Alert a, Notification n, List<Step> steps) {
    Page p = a.page;
    p.members.remove(n.dedupKey());
    if (!p.members.isEmpty()) {
      steps.add(new Suppress(n, SuppressionReason.GROUPED));
      return;
    }
    pages.remove(p.key);
    pageOfGroup.remove(p.group, p);
    steps.add(new Send(n.toBuilder().dedupKey(p.key).severity(p.severity).build()));
  }

  private void info(Notification n, Instant at, List<Step> steps) {
    SuppressionReason reason = muteReason(n, n.severity(), at);
    steps.add(reason == null ? new Send(n) : new Suppress(n, reason));
  }

  private void release(Alert a, long now, Instant at, List<Step> steps, List<Page> opened) {
    SuppressionReason reason = muteReason(a.latest, a.severity, at);
    if (reason != null) {
      if (a.state != State.MUTED) {
        a.state = State.MUTED;
        a.muted = reason;
        steps.add(new Suppress(a.latest, reason));
      }
      return;
    }
    a.muted = null;
    a.state = State.PAGED;
    String group = groupOf(a.latest);
    Page p = pageOfGroup.get(group);
    boolean fits = p != null && now - p.openedAt < groupWindowNanos
        && a.severity.compareTo(p.severity) <= 0;
    Page sameKey = pages.get(a.latest.dedupKey());
    if (sameKey != null || fits) {
      // A key whose page is still open (held by other members) rejoins it: the receiver already
      // has an open incident under that key, and a second page would shadow the first.
      join(sameKey != null ? sameKey : p, a, steps);
      return;
    }
    p = new Page(a, group, now, now + reminderNanos);
    a.page = p;
    pages.put(p.key, p);
    pageOfGroup.put(group, p);
    opened.add(p);
  }

  private static void join(Page p, Alert a, List<Step> steps) {
    p.members.put(a.latest.dedupKey(), a);
    a.page = p;
    steps.add(new Suppress(a.latest, SuppressionReason.GROUPED));
  }

  private void remind(Page p, Instant at, List<Step> steps) {
    Notification n = pageNotification(p, Notification.Kind.REMINDER, at);
    SuppressionReason reason = muteReason(n, p.severity, at);
    steps.add(reason == null ? new Send(n) : new Suppress(n, reason));
  }

  /** The page's leader (or, once it resolved, its oldest open member), listing the others. */
  private Notification pageNotification(Page p, Notification.Kind kind, Instant at) {
    Alert lead = p.members.containsKey(p.key) ? p.leader : p.members.values().iterator().next();
    Notification base = lead.latest;
    StringBuilder detail = new StringBuilder(base.detail());
    if (p.members.size() > 1) {
      detail.append(detail.length() == 0 ? "" : "\n\n")
          .append(String.format(java.util.Locale.ROOT, "%d open alerts in group '%s':",
              p.members.size(), p.group));
      for (Iterator<Alert> it = p.members.values().iterator(); it.hasNext(); ) {
        Notification m = it.next().latest;
        detail.append("\n- ").append(m.dedupKey()).append(": ").append(m.summary());
      }
    }
    return base.toBuilder().dedupKey(p.key).kind(kind).severity(p.severity).timestamp(at)
        .detail(detail.toString()).build();
  }

  private @Nullable SuppressionReason muteReason(Notification n, AlertSeverity severity,
      Instant at) {
    if (silencer.silenced(n, at)) {
      return SuppressionReason.SILENCED;
    }
    if (inhibiting.isPresent() && severity.compareTo(inhibiting.get()) < 0
        && inhibitors.getOrDefault(n.target(), 0) > 0) {
      return SuppressionReason.INHIBITED;
    }
    return null;
  }

  private boolean isInhibitor(AlertSeverity severity) {
    return inhibiting.isPresent() && severity.compareTo(inhibiting.get()) >= 0;
  }

  private String groupOf(Notification n) {
    return groupTag.map(tag -> n.tags().getOrDefault(tag, n.target())).orElse(n.target());
  }
}
