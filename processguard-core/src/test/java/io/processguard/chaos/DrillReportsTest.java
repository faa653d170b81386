package io.processguard.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DrillReportsTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  static DrillReport sample() {
    DrillReport.Summary summary = new DrillReport.Summary("checkout-slow", "checkout",
        "probe 'latency' reports latency.p99.ms=900", Duration.ofMinutes(2), List.of("checkout"),
        List.of("target 'checkout' is [HEALTHY]"), List.of("target 'payments' degrades"));
    DrillReport.Measures measures = new DrillReport.Measures(Optional.of(T0), Optional.of(T0.plusSeconds(35)),
        Optional.of("checkout-1"), Optional.of(Duration.ofSeconds(30)), Optional.of(Duration.ofSeconds(20)),
        Optional.of(Duration.ZERO), Optional.of(Duration.ofSeconds(10)), Duration.ofMinutes(2), true);
    List<DrillReport.Entry> timeline = List.of(
        new DrillReport.Entry(T0, DrillReport.Kind.FAULT_INJECTED, "checkout", "fault injected <&>"),
        new DrillReport.Entry(T0.plusSeconds(30), DrillReport.Kind.BREACH, "checkout", "slow breached"),
        new DrillReport.Entry(T0.plusSeconds(30), DrillReport.Kind.ACTION, "checkout", "restart workers SUCCEEDED"),
        new DrillReport.Entry(T0.plusSeconds(40), DrillReport.Kind.RECOVERED, "checkout", "recovered"));
    DrillReport.Series latency = new DrillReport.Series("latency.p99.ms", Optional.of(500.0), List.of(
        new DrillReport.Point(T0, 100), new DrillReport.Point(T0.plusSeconds(20), 900),
        new DrillReport.Point(T0.plusSeconds(40), 100)));
    return new DrillReport(summary, "java", T0, T0.plusSeconds(40), DrillReport.Outcome.PASSED, "", measures,
        timeline, List.of(latency), List.of("a note"));
  }

  @Test
  void json_roundTrip_givesAnEqualReport() {
    DrillReport report = sample();
    String json = DrillReports.toJson(report);
    assertThat(DrillReports.fromJson(json)).isEqualTo(report);
    assertThat(DrillReports.listFromJson(DrillReports.toJson(List.of(report, report)))).containsExactly(report, report);
    assertThat(json).contains("\"outcome\" : \"PASSED\"").contains("\"timeToRecover\" : \"PT10S\"");
  }

  @Test
  void json_notAReport_isRejectedNamingTheProblem() {
    assertThatThrownBy(() -> DrillReports.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a drill report: ");
  }

  @Test
  void html_chart_drawsTheSignalPolylineAndTheThresholdLine() throws Exception {
    String html = DrillReports.html(List.of(sample()));
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

    Element polyline = (Element) doc.getElementsByTagName("polyline").item(0);
    assertThat(polyline.getAttribute("class")).isEqualTo("signal");
    // 900 px wide, 64 left, 16 right: x = 64 + 820 * t / 40 s; 220 high, 22 top, 30 bottom:
    // y range 0..990 (max 900 + 10 %), y = 190 - 168 * v / 990.
    assertThat(polyline.getAttribute("points")).isEqualTo("64.0,173.0 474.0,37.3 884.0,173.0");
    Element threshold = (Element) doc.getElementsByTagName("line").item(5);
    assertThat(threshold.getAttribute("class")).isEqualTo("threshold");
    assertThat(threshold.getAttribute("y1")).isEqualTo("105.2");
    assertThat(threshold.getAttribute("stroke-dasharray")).isEqualTo("6 4");
    assertThat(doc.getElementsByTagName("g").getLength()).isEqualTo(4);
    assertThat(html).doesNotContain("<script").doesNotContain("http://fonts").contains("fault injected &lt;&amp;&gt;")
        .contains("<td class=\"PASSED\">PASSED</td>");
  }

  @Test
  void writeHtml_severalDrills_writesOnePageWithASectionEach(@TempDir Path dir) throws Exception {
    Path file = DrillReports.writeHtml(List.of(sample(), sample()), dir.resolve("out/drills.html"));
    String html = Files.readString(file);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("2 drill(s): 2 passed, 0 did not.");
    assertThat(html.split("<section class=\"drill\"", -1)).hasSize(3);
  }
}
