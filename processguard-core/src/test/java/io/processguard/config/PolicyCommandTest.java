package io.processguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new PolicyCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void validate_example_exitsZero() {
    assertThat(run("validate", PolicyLoaderTest.EXAMPLE.toString())).isEqualTo(0);
    assertThat(out()).isEqualTo("valid: 1 target, 1 policy, revision 2026-11-28.1\n");
  }

  @Test
  void validate_badFile_exitsOneAndListsProblems() throws IOException {
    Path f = write("bad.yaml", "processguard: 1\npolicies:\n  p:\n    target: t\n    rules: {}\n");
    assertThat(run("validate", f.toString())).isEqualTo(1);
    assertThat(out()).isEqualTo(f + ":5: policies.p.rules: needs at least one rule, got 'a map'\n1 problem\n");
  }

  @Test
  void validate_jsonFormat_listsProblemsAsJson() throws IOException {
    Path f = write("bad.yaml", "processguard: 1\nflags: {f: {enabled: yes please, disables: [restart]}}\n");
    assertThat(run("validate", "--format", "json", f.toString())).isEqualTo(1);
    assertThat(out()).isEqualTo("{\"valid\":false,\"problems\":[{\"file\":\"" + f + "\",\"line\":\"2\","
        + "\"path\":\"flags.f.enabled\",\"value\":\"yes please\",\"message\":\"must be true or false, not a text\"}]}\n");
  }

  @Test
  void validate_directory_readsEveryPolicyFile() throws IOException {
    write("p/a.yaml", "processguard: 1\ntargets:\n  t:\n    probes: {p: {interval: 1s}}\n    conditions: {c: {when: {signal: s, above: 1}}}\n");
    write("p/b.json", "{\"version\": 1, \"policies\": {\"pol\": {\"target\": \"t\", \"rules\": {\"c\": {\"ladder\": [\"alert\"]}}}}}");
    write("p/notes.txt", "not a policy");
    assertThat(run("validate", dir.resolve("p").toString())).isEqualTo(0);
    assertThat(out()).startsWith("valid: 1 target, 1 policy, revision ");
  }

  @Test
  void validate_noArguments_exitsTwo() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("lint", "x")).isEqualTo(2);
    assertThat(run("validate", "--format", "xml", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: PolicyCommand validate");
  }

  @Test
  void diff_explainsWhatChanges() throws IOException {
    String base = Files.readString(PolicyLoaderTest.EXAMPLE);
    Path old = write("old.yaml", base.replace("mode: enforce", "mode: dry-run").replace("forSamples: 3", "forSamples: 3")
        .replace("escalateTo: [sre]", "escalateTo: [log]").replace("          - [mark-unready, {alert: sre}]\n", "")
        .replace("    rollout:\n      steps:\n        - {after: 0s, fraction: 0.1}\n        - {after: 1h, fraction: 0.5}\n"
            + "        - {after: 1d, fraction: 1.0}\n      normal: {actionsPerHour: 20, restartsPerHour: 3}\n"
            + "      rollback: {to: previous, page: [sre]}\n", ""));
    Path now = write("new.yaml", base.replace("forSamples: 3", "forSamples: 5")
        .replace("    rollout:\n      steps:\n        - {after: 0s, fraction: 0.1}\n        - {after: 1h, fraction: 0.5}\n"
            + "        - {after: 1d, fraction: 1.0}\n      normal: {actionsPerHour: 20, restartsPerHour: 3}\n"
            + "      rollback: {to: previous, page: [sre]}\n", ""));
    assertThat(run("diff", old.toString(), now.toString())).isEqualTo(0);
    assertThat(out()).isEqualTo(String.join("\n",
        "checkout/slow: breaches after 5 samples instead of 3",
        "policy checkout-recovery: mode dry-run → enforce",
        "policy checkout-recovery, rule slow: rung 2 added: mark-unready + alert(sre)",
        "policy checkout-recovery: pages sre on budget or ladder exhaustion",
        "policy checkout-recovery: no longer pages log on budget or ladder exhaustion", ""));
  }

  @Test
  void diff_sameFile_saysNoChange() {
    String f = PolicyLoaderTest.EXAMPLE.toString();
    assertThat(run("diff", f, f)).isEqualTo(0);
    assertThat(out()).isEqualTo("no change in behaviour\n");
  }

  @Test
  void assertValid_badFile_throwsWithEveryProblem() throws IOException {
    Path f = write("bad.yaml", "processguard: 1\nextra: 1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyAssertions.assertValid(f))
        .isInstanceOf(AssertionError.class)
        .hasMessage("1 policy problem:\n  - " + f + ":2: extra: unknown key; expected one of [components, flags, "
            + "policies, processguard, revision, targets, version], got 'extra'");
    assertThat(PolicyAssertions.assertValid(PolicyLoaderTest.EXAMPLE).policies()).hasSize(1);
  }
}
