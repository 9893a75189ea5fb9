package dev.redlens.project.internal;

import dev.redlens.project.internal.ScriptInspector.Token;
import java.util.ArrayList;
import java.util.List;

/** Bracket matching and comma splitting over a script's tokens, for {@link ScriptInspector}. */
final class TokenRanges {

  private TokenRanges() {}

  static boolean is(List<Token> tokens, int i, String symbol) {
    return i < tokens.size()
        && tokens.get(i).kind() == ScriptInspector.Kind.SYMBOL
        && tokens.get(i).text().equals(symbol);
  }

  static int matching(List<Token> tokens, int open) {
    return matchingIn(tokens, open);
  }

  static int matchingBracket(List<Token> tokens, int open) {
    return matchingIn(tokens, open);
  }

  static int matchingIn(List<Token> tokens, int open) {
    int depth = 0;
    for (int j = open; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.kind() != ScriptInspector.Kind.SYMBOL) {
        continue;
      }
      switch (t.text()) {
        case "(", "[", "{" -> depth++;
        case ")", "]", "}" -> {
          depth--;
          if (depth == 0) {
            return j;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  /** The top-level comma-separated expressions in {@code tokens[from, to)}. */
  static List<List<Token>> split(List<Token> tokens, int from, int to) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (int j = from; j < to; j++) {
      Token t = tokens.get(j);
      if (t.kind() == ScriptInspector.Kind.SYMBOL) {
        switch (t.text()) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> depth--;
          case "," -> {
            if (depth == 0) {
              out.add(current);
              current = new ArrayList<>();
              continue;
            }
          }
          default -> {}
        }
      }
      current.add(t);
    }
    if (!current.isEmpty() || !out.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
