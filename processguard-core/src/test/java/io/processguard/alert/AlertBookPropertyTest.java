package io.processguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the router's state machine under any order of triggers, resolves and time. */
class AlertBookPropertyTest {
  private static final long SECOND = 1_000_000_000L;

  /** One input: 0-3 trigger key k, 4-7 resolve key k, 8 one second passes, 9 a minute passes. */
  @Provide
  Arbitrary<List<Integer>> inputs() {
    return Arbitraries.integers().between(0, 9).list().ofMaxSize(200);
  }

  @Property(tries = 1000)
  void anySequence_pagesOpenOnceAndResolveOnlyWhatWasSent(@ForAll("inputs") List<Integer> ops,
      @ForAll boolean grouping, @ForAll boolean silenced) {
    AlertBook book = new AlertBook(30 * SECOND, 600 * SECOND, grouping ? 300 * SECOND : 0,
        Optional.empty(), Optional.of(AlertSeverity.CRITICAL),
        (n, at) -> silenced && n.dedupKey().equals("k1"));
    Set<String> paged = new HashSet<>();
    long now = 0;
    int submitted = 0;
    int decided = 0;
    for (int op : ops) {
      List<AlertBook.Step> steps;
      if (op < 8) {
        String key = "k" + (op % 4);
        Notification.Kind kind = op < 4 ? Notification.Kind.TRIGGER : Notification.Kind.RESOLVE;
        AlertSeverity severity = key.equals("k3") ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
        steps = book.accept(Fixtures.of(key, "checkout", kind, severity), now, Instant.EPOCH);
        submitted++;
      } else {
        now += op == 8 ? SECOND : 60 * SECOND;
        steps = book.advance(now, Instant.EPOCH);
      }
      for (AlertBook.Step s : steps) {
        decided++;
        if (s instanceof AlertBook.Send) {
          Notification n = ((AlertBook.Send) s).notification();
          switch (n.kind()) {
            case TRIGGER -> assertThat(paged.add(n.dedupKey())).as("second trigger " + n).isTrue();
            case RESOLVE -> assertThat(paged.remove(n.dedupKey())).as("resolve " + n).isTrue();
            case REMINDER -> assertThat(paged).contains(n.dedupKey());
            default -> throw new AssertionError(n);
          }
        }
      }
    }
    assertThat(book.openPages()).isEqualTo(paged.size());
    assertThat(decided).isGreaterThanOrEqualTo(submitted - book.openAlerts());
  }
}
