package dev.redlens.core.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code COMMAND} / {@code COMMAND INFO} reply as a Java client returns it: nested {@link
 * List}s (or arrays, or {@link Collection}s for RESP3 sets) of {@link String}, {@code byte[]},
 * {@link ByteBuffer}, {@link Number}, and for RESP3 maps either {@link Map}s or flat key/value
 * lists.
 *
 * <p>Each entry is {@code [name, arity, flags, first, last, step, acl categories, tips, key specs,
 * subcommands]}; servers before 7.0 send only the first 7 (6.0, 6.2) or 6 (before 6.0) elements.
 * Entries that cannot be read (nil for an unknown command, wrong types) are skipped; nothing here
 * throws.
 */
final class CommandInfoParser {

  /**
   * One parsed entry: the spec, whether the server reported key specs (7.0+), and its subcommands.
   */
  static final class Parsed {
    final CommandSpec spec;
    final boolean hasKeySpecInfo;
    final List<Parsed> subcommands;

    Parsed(CommandSpec spec, boolean hasKeySpecInfo, List<Parsed> subcommands) {
      this.spec = spec;
      this.hasKeySpecInfo = hasKeySpecInfo;
      this.subcommands = subcommands;
    }
  }

  private CommandInfoParser() {}

  /** Parses a whole reply (a list of entries); a single entry on its own is accepted too. */
  static List<Parsed> parse(Object reply) {
    List<?> entries = asList(reply);
    if (entries == null || entries.isEmpty()) {
      return Collections.emptyList();
    }
    if (looksLikeEntry(entries)) {
      entries = Collections.singletonList(entries);
    }
    List<Parsed> out = new ArrayList<>(entries.size());
    for (Object e : entries) {
      Parsed p = parseEntry(e);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean looksLikeEntry(List<?> list) {
    return list.size() >= 6
        && text(list.get(0)) != null
        && asList(list.get(0)) == null
        && number(list.get(1)) != null;
  }

  /** One entry, or null if it cannot be read. */
  static Parsed parseEntry(Object entry) {
    try {
      List<?> e = asList(entry);
      if (e == null || e.size() < 6) {
        return null;
      }
      String name = text(e.get(0));
      Long arity = number(e.get(1));
      Long first = number(e.get(3));
      Long last = number(e.get(4));
      Long step = number(e.get(5));
      if (name == null
          || name.isBlank()
          || arity == null
          || first == null
          || last == null
          || step == null) {
        return null;
      }
      CommandSpec.Builder b =
          CommandSpec.builder(name)
              .arity(arity.intValue())
              .flags(texts(e.get(2)))
              .legacyKeyRange(first.intValue(), last.intValue(), step.intValue());
      if (e.size() > 6) {
        b.aclCategories(texts(e.get(6)));
      }
      if (e.size() > 7) {
        b.tips(texts(e.get(7)));
      }
      boolean hasKeySpecInfo = e.size() > 8;
      if (hasKeySpecInfo) {
        List<?> specs = asList(e.get(8));
        if (specs != null) {
          for (Object s : specs) {
            KeySpec k = parseKeySpec(s);
            if (k == null) {
              return null; // a spec we cannot read would give wrong key positions: skip the whole
              // entry
            }
            b.keySpecs(k);
          }
        }
      }
      String upperName = CommandSpec.Builder.normalizeName(name);
      List<Parsed> subs = new ArrayList<>();
      if (e.size() > 9 && upperName.indexOf(' ') < 0) { // only one level of subcommands exists
        List<?> subEntries = asList(e.get(9));
        if (subEntries != null) {
          for (Object s : subEntries) {
            Parsed p = parseEntry(s);
            if (p != null && upperName.equals(p.spec.containerName())) {
              subs.add(p);
            }
          }
        }
      }
      if (!subs.isEmpty()) {
        List<CommandSpec> subSpecs = new ArrayList<>(subs.size());
        for (Parsed p : subs) {
          subSpecs.add(p.spec);
        }
        b.container(true).category(CategoryDerivation.ofContainer(subSpecs));
      }
      return new Parsed(b.build(), hasKeySpecInfo, Collections.unmodifiableList(subs));
    } catch (RuntimeException ex) {
      return null;
    }
  }

  /**
   * A key spec from a map or flat list {@code flags, begin_search, find_keys} (notes are ignored).
   */
  static KeySpec parseKeySpec(Object o) {
    Map<String, Object> m = asMap(o);
    if (m == null) {
      return null;
    }
    KeySpec.Builder b = KeySpec.builder().flags(texts(m.get("flags")));
    Map<String, Object> begin = asMap(m.get("begin_search"));
    Map<String, Object> find = asMap(m.get("find_keys"));
    if (begin == null || find == null) {
      return null;
    }
    String beginType = text(begin.get("type"));
    Map<String, Object> beginSpec = asMap(begin.get("spec"));
    if ("index".equals(beginType) && beginSpec != null) {
      Long index = number(beginSpec.get("index"));
      if (index == null) {
        return null;
      }
      b.beginIndex(index.intValue());
    } else if ("keyword".equals(beginType) && beginSpec != null) {
      String keyword = text(beginSpec.get("keyword"));
      Long startFrom = number(beginSpec.get("startfrom"));
      if (keyword == null || startFrom == null) {
        return null;
      }
      b.beginKeyword(keyword, startFrom.intValue());
    } else {
      b.beginUnknown();
    }
    String findType = text(find.get("type"));
    Map<String, Object> findSpec = asMap(find.get("spec"));
    if ("range".equals(findType) && findSpec != null) {
      Long lastKey = number(findSpec.get("lastkey"));
      Long keyStep = number(findSpec.get("keystep"));
      Long limit = number(findSpec.get("limit"));
      if (lastKey == null || keyStep == null || limit == null) {
        return null;
      }
      b.range(lastKey.intValue(), keyStep.intValue(), limit.intValue());
    } else if ("keynum".equals(findType) && findSpec != null) {
      Long keyNumIdx = number(findSpec.get("keynumidx"));
      Long firstKey = number(findSpec.get("firstkey"));
      Long keyStep = number(findSpec.get("keystep"));
      if (keyNumIdx == null || firstKey == null || keyStep == null) {
        return null;
      }
      b.keyNum(keyNumIdx.intValue(), firstKey.intValue(), keyStep.intValue());
    } else {
      b.findUnknown();
    }
    return b.build();
  }

  // ---- tolerant conversions ----

  static List<?> asList(Object o) {
    if (o instanceof List) {
      return (List<?>) o;
    }
    if (o instanceof Object[]) {
      return Arrays.asList((Object[]) o);
    }
    if (o instanceof Collection) {
      return new ArrayList<>((Collection<?>) o);
    }
    return null;
  }

  /** A RESP3 map, or a RESP2 flat list of alternating keys and values, as a map with text keys. */
  static Map<String, Object> asMap(Object o) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (o instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        String k = text(e.getKey());
        if (k != null) {
          m.put(k, e.getValue());
        }
      }
      return m;
    }
    List<?> list = asList(o);
    if (list == null) {
      return null;
    }
    for (int i = 0; i + 1 < list.size(); i += 2) {
      String k = text(list.get(i));
      if (k != null) {
        m.put(k, list.get(i + 1));
      }
    }
    return m;
  }

  static String text(Object o) {
    if (o instanceof String) {
      return (String) o;
    }
    if (o instanceof byte[]) {
      return new String((byte[]) o, StandardCharsets.UTF_8);
    }
    if (o instanceof ByteBuffer) {
      ByteBuffer bb = ((ByteBuffer) o).duplicate();
      byte[] bytes = new byte[bb.remaining()];
      bb.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (o instanceof CharSequence || o instanceof Number || o instanceof Character) {
      return o.toString();
    }
    return null;
  }

  static Long number(Object o) {
    if (o instanceof Number) {
      return ((Number) o).longValue();
    }
    String t = text(o);
    if (t == null) {
      return null;
    }
    try {
      return Long.parseLong(t.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Text elements of a list or set (RESP2 status replies, RESP3 set members); empty if not a
   * collection.
   */
  static List<String> texts(Object o) {
    List<?> list = asList(o);
    if (list == null) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object x : list) {
      String t = text(x);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }
}
