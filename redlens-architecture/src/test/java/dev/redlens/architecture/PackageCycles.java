package dev.redlens.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The package cycles among ArchUnit's slices {@code dev.redlens.(**)} (one slice per package):
 * every strongly connected component of the package dependency graph with more than one package,
 * each found exactly once (Tarjan). ArchUnit's own {@code beFreeOfCycles()} enumerates elementary
 * cycles and, here, did not report every one of them in every run (a cycle of {@code info <->
 * info.internal} came and went between builds of the same code), so the components are computed
 * here, deterministically: no component, no cycle.
 */
final class PackageCycles {

  /** A component: its packages (sorted) and, per edge inside it, one dependency that makes it. */
  record Cycle(TreeSet<String> packages, List<String> edges) {

    /** {@code core.pool <-> core.pool.internal}: the key of the allow-list. */
    String key() {
      return String.join(" <-> ", packages);
    }

    @Override
    public String toString() {
      return "package cycle " + key() + "\n    " + String.join("\n    ", edges);
    }
  }

  private final Map<String, Map<String, Dependency>> graph = new TreeMap<>();

  PackageCycles(JavaClasses classes, DescribedPredicate<? super JavaClass> ignoredTargets) {
    for (Slice slice : Slices.matching("dev.redlens.(**)").transform(classes)) {
      String from = slice.getNamePart(1);
      Map<String, Dependency> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
      for (Dependency dependency : slice.getDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        String to = target.getPackageName();
        if (to.startsWith("dev.redlens.") && !ignoredTargets.test(target)) {
          edges.putIfAbsent(to.substring("dev.redlens.".length()), dependency);
        }
      }
    }
  }

  List<Cycle> find() {
    List<Cycle> cycles = new ArrayList<>();
    for (TreeSet<String> component : new Tarjan().components()) {
      if (component.size() > 1) {
        List<String> edges = new ArrayList<>();
        for (String from : component) {
          graph
              .getOrDefault(from, Map.of())
              .forEach(
                  (to, dependency) -> {
                    if (component.contains(to)) {
                      edges.add(from + " -> " + to + ", e.g. " + dependency.getDescription());
                    }
                  });
        }
        cycles.add(new Cycle(component, edges));
      }
    }
    return cycles;
  }

  /** Tarjan's strongly connected components, iterating packages in sorted order. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<TreeSet<String>> components = new ArrayList<>();

    List<TreeSet<String>> components() {
      for (String node : graph.keySet()) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return components;
    }

    private void visit(String node) {
      index.put(node, index.size());
      lowLink.put(node, index.get(node));
      stack.push(node);
      for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
        if (!index.containsKey(next)) {
          visit(next);
          lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
        } else if (stack.contains(next)) {
          lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
        }
      }
      if (lowLink.get(node).equals(index.get(node))) {
        TreeSet<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          component.add(member);
        } while (!member.equals(node));
        components.add(component);
      }
    }
  }
}
