package dev.redlens.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one thread's counted instructions went, by Java method: {@code java -cp
 * redlens-benchmarks.jar dev.redlens.benchmarks.InstructionProfile <dump> <code list> [top]}, for a
 * thread's callgrind dump of {@link InstructionCount} (the {@code .1-NN} file of the thread, e.g.
 * the event loop, the largest) and the JIT's code list written with {@code
 * -Dredlens.bench.codeList}. callgrind names the JIT's code only by address; the code list maps
 * each address to its compiled method (inlined callees count as their caller's). Self cost, not
 * inclusive.
 */
public final class InstructionProfile {

  // "id level state name [blob start, code begin - code end]" (jcmd Compiler.codelist)
  private static final Pattern CODE =
      Pattern.compile(
          "\\s*\\d+ (\\d+) \\d+ (\\S+) \\[0x(\\p{XDigit}+), 0x\\p{XDigit}+ - 0x(\\p{XDigit}+)\\]");
  private static final Pattern NAMED = Pattern.compile("\\((\\d+)\\)(?: (.*))?");
  private static final Pattern ADDRESS = Pattern.compile("0x(\\p{XDigit}+).*");

  private InstructionProfile() {}

  public static void main(String[] args) throws IOException {
    TreeMap<Long, long[]> ranges = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      Matcher m = CODE.matcher(line);
      if (m.lookingAt()) {
        names.add(m.group(2).replaceFirst("\\(.*", "") + " (tier " + m.group(1) + ")");
        ranges.put(
            Long.parseUnsignedLong(m.group(3), 16),
            new long[] {Long.parseUnsignedLong(m.group(4), 16), names.size() - 1});
      }
    }
    Map<String, Long> cost = new HashMap<>();
    Map<String, String> objects = new HashMap<>();
    Map<String, String> functions = new HashMap<>();
    String object = "";
    String function = "";
    boolean callCost = false;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.startsWith("ob=")) {
        object = name(objects, line.substring(3));
      } else if (line.startsWith("fn=")) {
        function = name(functions, line.substring(3));
      } else if (line.startsWith("cob=")) {
        name(objects, line.substring(4));
      } else if (line.startsWith("cfn=")) {
        name(functions, line.substring(4));
      } else if (line.startsWith("calls=")) {
        callCost = true; // the next cost line is the call's inclusive cost: not this function's
      } else if (!line.isEmpty() && "0123456789+-*".indexOf(line.charAt(0)) >= 0) {
        String[] fields = line.trim().split("\\s+");
        if (callCost) {
          callCost = false;
        } else if (fields.length >= 2) {
          String key =
              object.equals("???")
                  ? javaMethod(function, ranges, names)
                  : object.substring(object.lastIndexOf('/') + 1) + ": " + function;
          cost.merge(key, Long.parseLong(fields[1]), Long::sum);
        }
      }
    }
    long total = cost.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "%,15d  total%n", total);
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    cost.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "%,15d %5.1f%%  %s%n",
                    e.getValue(),
                    100.0 * e.getValue() / total,
                    e.getKey()));
  }

  /** callgrind's compressed names: "(id) name" defines, "(id)" refers back. */
  private static String name(Map<String, String> table, String text) {
    Matcher m = NAMED.matcher(text);
    if (!m.matches()) {
      return text;
    }
    if (m.group(2) != null) {
      table.put(m.group(1), m.group(2));
    }
    return table.getOrDefault(m.group(1), text);
  }

  private static String javaMethod(
      String function, TreeMap<Long, long[]> ranges, List<String> names) {
    Matcher m = ADDRESS.matcher(function);
    if (!m.matches()) {
      return function;
    }
    long address = Long.parseUnsignedLong(m.group(1), 16);
    Map.Entry<Long, long[]> range = ranges.floorEntry(address);
    return range != null && address < range.getValue()[0]
        ? names.get((int) range.getValue()[1])
        : "(interpreter or stub)";
  }
}
