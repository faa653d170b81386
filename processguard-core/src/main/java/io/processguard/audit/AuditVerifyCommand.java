package io.processguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The command line that verifies an audit log file:
 *
 * <pre>
 * verify &lt;file&gt; (--key-env NAME | --key-file PATH) [--public-key PATH]
 * </pre>
 *
 * <p>The HMAC key is base64 text, in an environment variable or a file. The optional public key
 * is the Ed25519 {@code PUBLIC KEY} PEM that checks {@code <file>.checkpoints}. Prints {@code OK:
 * N entries, last sequence N, last hash H} and exits 0, or {@code BROKEN at entry N (line L):
 * reason} and exits 1; usage and input errors exit 2. Stateless and thread-safe.
 */
public final class AuditVerifyCommand {
  /** Exit code of an intact log. */
  public static final int OK = 0;
  /** Exit code of a broken log. */
  public static final int BROKEN = 1;
  /** Exit code of a usage or input error. */
  public static final int USAGE = 2;

  static final String USAGE_TEXT =
      "usage: verify <file> (--key-env NAME | --key-file PATH) [--public-key PATH]";

  private final Function<String, @Nullable String> environment;

  /** Returns a command that reads environment variables from the given lookup. */
  public AuditVerifyCommand(Function<String, @Nullable String> environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(new AuditVerifyCommand(System::getenv).run(args, System.out, System.err));
  }

  /** Runs the command, printing to the given streams, and returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      AuditVerification verdict = verifier(a).verify(a.file);
      if (verdict.isIntact()) {
        out.println(verdict.describe());
        long checkpoints = ((AuditVerification.Intact) verdict).checkpoints();
        if (a.publicKey != null) {
          out.println(String.format(Locale.ROOT, "checkpoints: %d verified", checkpoints));
        }
        return OK;
      }
      out.println(verdict.describe());
      return BROKEN;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    }
  }

  private AuditVerifier verifier(Arguments a) {
    if (!Files.isRegularFile(a.file)) {
      throw new IllegalArgumentException("no such audit log file: " + a.file);
    }
    AuditKey key = a.keyEnv != null ? AuditKey.fromEnvironment(a.keyEnv, environment)
        : AuditKey.fromFile(requireNonNull(a.keyFile, "keyFile"));
    AuditVerifier verifier = AuditVerifier.of(key);
    return a.publicKey == null ? verifier : verifier.withPublicKey(readPublicKey(a.publicKey));
  }

  private static PublicKey readPublicKey(Path file) {
    try {
      return CheckpointKeys.parsePublicKey(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read public key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The parsed command line. */
  private static final class Arguments {
    private @Nullable Path file;
    private @Nullable String keyEnv;
    private @Nullable Path keyFile;
    private @Nullable Path publicKey;

    static Arguments parse(String[] args) {
      if (args.length < 2 || !args[0].equals("verify")) {
        throw new IllegalArgumentException(args.length == 0 ? "no command" : "expected 'verify <file>'");
      }
      Arguments a = new Arguments();
      a.file = Path.of(args[1]);
      for (int i = 2; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        a.option(args[i], args[i + 1]);
      }
      if ((a.keyEnv == null) == (a.keyFile == null)) {
        throw new IllegalArgumentException("give exactly one of --key-env and --key-file");
      }
      return a;
    }

    private void option(String name, String value) {
      switch (name) {
        case "--key-env" -> keyEnv = value;
        case "--key-file" -> keyFile = Path.of(value);
        case "--public-key" -> publicKey = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }
}
