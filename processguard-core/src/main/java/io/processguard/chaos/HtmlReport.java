package io.processguard.chaos;

import io.processguard.chaos.DrillReport.Entry;
import io.processguard.chaos.DrillReport.Kind;
import io.processguard.chaos.DrillReport.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Renders drill reports as one self-contained HTML page: a summary table, then per drill its
 * measures, one SVG chart per signal (the signal as a polyline, its threshold as a dashed line,
 * vertical markers for fault, breach, actions and recovery) and the timeline.
 */
final class HtmlReport {
  private static final int W = 900;
  private static final int H = 220;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 22;
  private static final int BOTTOM = 30;
  private static final Set<Kind> MARKED = EnumSet.of(Kind.FAULT_INJECTED, Kind.FAULT_RELEASED, Kind.BREACH,
      Kind.ACTION, Kind.RECOVERED, Kind.ESCALATED, Kind.ABORTED);
  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px;color:#1f2328;max-width:1000px}
      h1{font-size:22px}h2{font-size:18px;margin-top:36px;border-top:1px solid #d0d7de;padding-top:16px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa}.PASSED{color:#1a7f37;font-weight:bold}.FAILED{color:#cf222e;font-weight:bold}.ABORTED{color:#9a6700;font-weight:bold}
      .note{color:#57606a;font-size:13px}svg{display:block;margin:6px 0 14px}
      .legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
      """;

  private HtmlReport() {}

  static String render(List<DrillReport> reports) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ProcessGuard drill report</title>")
        .append("<style>").append(STYLE).append("</style></head><body>\n<h1>ProcessGuard drill report</h1>\n");
    summary(b, reports);
    legend(b);
    for (int i = 0; i < reports.size(); i++) {
      drill(b, reports.get(i), i);
    }
    return b.append("</body></html>\n").toString();
  }

  private static void summary(StringBuilder b, List<DrillReport> reports) {
    long passed = reports.stream().filter(DrillReport::passed).count();
    b.append(String.format(Locale.ROOT, "<p>%d drill(s): %d passed, %d did not.</p>\n", reports.size(), passed,
        reports.size() - passed));
    b.append("<table class=\"summary\"><tr><th>drill</th><th>target</th><th>fault</th><th>fault to breach</th>")
        .append("<th>time to detect</th><th>engaged after</th><th>recovered after</th><th>RTO</th><th>met</th><th>outcome</th></tr>\n");
    for (int i = 0; i < reports.size(); i++) {
      DrillReport r = reports.get(i);
      DrillReport.Measures m = r.measures();
      b.append("<tr><td><a href=\"#drill-").append(i).append("\">").append(esc(r.drill().name())).append("</a></td><td>")
          .append(esc(r.drill().target())).append("</td><td>").append(esc(r.drill().fault())).append("</td><td>")
          .append(show(m.detectedAfter())).append("</td><td>").append(show(m.timeToDetect())).append("</td><td>")
          .append(show(m.timeToEngage())).append("</td><td>")
          .append(show(m.timeToRecover())).append("</td><td>").append(Checks.seconds(m.rto())).append("</td><td>")
          .append(m.metRto() ? "yes" : "NO").append("</td><td class=\"").append(r.outcome()).append("\">")
          .append(r.outcome()).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void legend(StringBuilder b) {
    b.append("<p class=\"legend\">");
    legendItem(b, "#0969da", "signal");
    legendItem(b, "#cf222e", "threshold (dashed)");
    for (Kind k : MARKED) {
      legendItem(b, color(k), label(k));
    }
    b.append("</p>\n");
  }

  private static void legendItem(StringBuilder b, String color, String text) {
    b.append("<span><i class=\"sw\" style=\"background:").append(color).append("\"></i>").append(esc(text))
        .append("</span>");
  }

  private static void drill(StringBuilder b, DrillReport r, int index) {
    b.append("<section class=\"drill\" id=\"drill-").append(index).append("\">\n<h2>").append(esc(r.drill().name()))
        .append(" on ").append(esc(r.drill().target())).append(": <span class=\"").append(r.outcome()).append("\">")
        .append(r.outcome()).append("</span></h2>\n");
    if (!r.reason().isEmpty()) {
      b.append("<p><b>Why:</b> ").append(esc(r.reason())).append("</p>\n");
    }
    measures(b, r);
    for (String note : r.notes()) {
      b.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
    }
    if (r.signals().isEmpty() || r.signals().stream().allMatch(s -> s.points().isEmpty())) {
      boolean events = r.timeline().stream().anyMatch(e -> MARKED.contains(e.kind()));
      b.append("<p class=\"note\">No signal was sampled by this drill").append(events ? "; the strip shows its events."
          : ".").append("</p>\n");
      if (events) {
        chart(b, r, Optional.empty());
      }
    }
    for (Series s : r.signals()) {
      if (!s.points().isEmpty()) {
        chart(b, r, Optional.of(s));
      }
    }
    timeline(b, r);
    b.append("</section>\n");
  }

  private static void measures(StringBuilder b, DrillReport r) {
    DrillReport.Measures m = r.measures();
    b.append("<table class=\"measures\">");
    row(b, "fault", r.drill().fault());
    row(b, "requested by", r.requestedBy());
    row(b, "started / ended", r.startedAt() + " / " + r.endedAt() + " (" + Checks.seconds(r.duration()) + ")");
    row(b, "detected after (injection to breach)", show(m.detectedAfter()));
    row(b, "time to detect (first bad sample to breach)", show(m.timeToDetect()));
    row(b, "time to engage (breach to first action)", show(m.timeToEngage()));
    row(b, "time to recover (breach to verified recovery)", show(m.timeToRecover()) + " against an RTO of "
        + Checks.seconds(m.rto()) + (m.metRto() ? ": met" : ": not met"));
    row(b, "incident", m.incidentId().orElse("-"));
    row(b, "steady state", r.drill().hypothesis().isEmpty() ? "-" : String.join("; ", r.drill().hypothesis()));
    row(b, "abort when", String.join("; ", r.drill().aborts()) + (r.drill().aborts().isEmpty() ? "" : "; ")
        + "a target outside " + r.drill().blastRadius() + " degrades");
    b.append("</table>\n");
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
  }

  private static void chart(StringBuilder b, DrillReport r, Optional<Series> series) {
    int h = series.isPresent() ? H : 90;
    double span = Math.max(1e-3, seconds(r.startedAt(), r.endedAt()));
    double[] range = series.map(HtmlReport::range).orElse(new double[] {0, 1});
    String title = series.map(s -> s.name() + s.threshold().map(t -> " (threshold " + Checks.number(t) + ")")
        .orElse("")).orElse("events");
    b.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", W, h, W, h, esc(title)));
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" "
        + "stroke=\"#d0d7de\"/>\n", LEFT, TOP, W - LEFT - RIGHT, h - TOP - BOTTOM));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"15\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
        LEFT, esc(title)));
    xAxis(b, span, h);
    series.ifPresent(s -> {
      yAxis(b, range, h);
      s.threshold().ifPresent(t -> b.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" "
          + "y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cf222e\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
          LEFT, y(t, range, h), W - RIGHT, y(t, range, h))));
      StringBuilder pts = new StringBuilder();
      for (DrillReport.Point p : s.points()) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(seconds(r.startedAt(), p.at()), span),
            y(p.value(), range, h)));
      }
      b.append("<polyline class=\"signal\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"")
          .append(pts.toString().trim()).append("\"/>\n");
    });
    markers(b, r, span, h);
    b.append("</svg>\n");
  }

  private static void markers(StringBuilder b, DrillReport r, double span, int h) {
    double lastX = -100;
    int lane = 0;
    for (Entry e : r.timeline()) {
      if (!MARKED.contains(e.kind())) {
        continue;
      }
      double x = x(seconds(r.startedAt(), e.at()), span);
      lane = x - lastX < 40 ? (lane + 1) % 3 : 0;
      lastX = x;
      boolean nearEnd = x > W - RIGHT - 90;
      b.append(String.format(Locale.ROOT, "<g class=\"marker %s\"><title>+%s %s</title><line x1=\"%.1f\" y1=\"%d\" "
          + "x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"%s/><text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
          + "fill=\"%s\"" + (nearEnd ? " text-anchor=\"end\"" : "") + ">%s</text></g>\n", e.kind().name().toLowerCase(Locale.ROOT),
          Checks.seconds(Duration.between(r.startedAt(), e.at())), esc(e.text()), x, TOP, x, h - BOTTOM,
          color(e.kind()), e.kind() == Kind.FAULT_RELEASED ? " stroke-dasharray=\"3 3\"" : "", nearEnd ? x - 3 : x + 3,
          TOP + 11 + lane * 11, color(e.kind()), esc(label(e.kind()))));
    }
  }

  private static void xAxis(StringBuilder b, double span, int h) {
    for (int i = 0; i <= 5; i++) {
      double s = span * i / 5;
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
          + "fill=\"#57606a\">%s</text>\n", x(s, span), h - BOTTOM + 15, esc(axisSeconds(s))));
    }
  }

  private static void yAxis(StringBuilder b, double[] range, int h) {
    for (int i = 0; i <= 4; i++) {
      double v = range[0] + (range[1] - range[0]) * i / 4;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
          + "fill=\"#57606a\">%s</text><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eaeef2\"/>\n",
          LEFT - 6, y(v, range, h) + 4, esc(axisNumber(v)), LEFT, y(v, range, h), W - RIGHT, y(v, range, h)));
    }
  }

  private static void timeline(StringBuilder b, DrillReport r) {
    b.append("<details open><summary>Timeline</summary><table class=\"timeline\"><tr><th>at</th><th>what</th>")
        .append("<th>target</th><th>detail</th></tr>\n");
    for (Entry e : r.timeline()) {
      b.append("<tr><td>+").append(Checks.seconds(Duration.between(r.startedAt(), e.at()))).append("</td><td style=\"color:")
          .append(color(e.kind())).append("\">").append(label(e.kind())).append("</td><td>").append(esc(e.target()))
          .append("</td><td>").append(esc(e.text())).append("</td></tr>\n");
    }
    b.append("</table></details>\n");
  }

  private static double[] range(Series s) {
    double min = s.points().stream().mapToDouble(DrillReport.Point::value).min().orElse(0);
    double max = s.points().stream().mapToDouble(DrillReport.Point::value).max().orElse(1);
    if (s.threshold().isPresent()) {
      min = Math.min(min, s.threshold().get());
      max = Math.max(max, s.threshold().get());
    }
    min = Math.min(min, 0);
    double pad = Math.max((max - min) * 0.1, 1e-9);
    return new double[] {min, max + pad};
  }

  private static double x(double seconds, double span) {
    return LEFT + (W - LEFT - RIGHT) * seconds / span;
  }

  private static double y(double v, double[] range, int h) {
    return h - BOTTOM - (h - TOP - BOTTOM) * (v - range[0]) / (range[1] - range[0]);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static String axisSeconds(double s) {
    return s >= 120 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static String axisNumber(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String show(Optional<Duration> d) {
    return d.map(Checks::seconds).orElse("-");
  }

  static String label(Kind k) {
    switch (k) {
      case FAULT_INJECTED: return "fault injected";
      case FAULT_RELEASED: return "fault released";
      case BREACH: return "breach";
      case ACTION: return "action";
      case RECOVERED: return "recovered";
      case ESCALATED: return "escalated";
      case ABORTED: return "aborted";
      default: return k.name().toLowerCase(Locale.ROOT);
    }
  }

  private static String color(Kind k) {
    switch (k) {
      case FAULT_INJECTED: case FAULT_RELEASED: return "#8250df";
      case BREACH: return "#cf222e";
      case ACTION: return "#bc4c00";
      case RECOVERED: return "#1a7f37";
      case ESCALATED: return "#82071e";
      case ABORTED: return "#24292f";
      default: return "#57606a";
    }
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
