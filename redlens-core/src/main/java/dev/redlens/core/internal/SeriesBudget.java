package dev.redlens.core.internal;

import static dev.redlens.core.RedlensSemconv.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the series (distinct attribute sets) that Redlens gives one instrument, so that the
 * instrument stays inside any SDK's cardinality limit (the OpenTelemetry SDK's default: 2,000 per
 * instrument) whatever the projects, commands, servers and errors.
 *
 * <p>The first {@code limit} distinct sets pass, first come, first served. Past the limit a new set
 * is folded, never dropped, so that the sum over the instrument's series stays exact: first to the
 * same set with {@code redlens.project.id=_other} (the project's detail goes first; these folds may
 * take {@code limit / 4} more series), else to the instrument's overflow series, which keeps only
 * the attributes of few values ({@code db.system.name}, {@code redis.command.category}, {@code
 * error.type}, {@code redis.cache.result}) and has {@code db.operation.name} and {@code
 * redlens.project.id} {@code _other} (where the set had them). There are at most a few dozen
 * overflow series, so an instrument has at most {@code limit * 5 / 4} series plus those.
 *
 * <p>A set is admitted when it is first recorded ({@link Series}), then looked up by the command
 * path as before: the budget costs one field read per record.
 */
public final class SeriesBudget {

  /** The attributes an overflow series keeps: each has a handful of values. */
  private static final Set<AttributeKey<?>> KEPT =
      Set.of(DB_SYSTEM_NAME, REDIS_COMMAND_CATEGORY, ERROR_TYPE, REDIS_CACHE_RESULT);

  /** The attributes an overflow series reports as {@code _other}. */
  private static final Set<AttributeKey<?>> FOLDED = Set.of(DB_OPERATION_NAME, REDLENS_PROJECT_ID);

  private final int limit;
  private final int foldLimit;
  private final ConcurrentHashMap<Attributes, Boolean> admitted = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  public SeriesBudget(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.limit = limit;
    this.foldLimit = limit + limit / 4;
  }

  /** {@code wanted} if the instrument has or can still take its series, else its fold. */
  public Attributes admit(Attributes wanted) {
    if (admitted.containsKey(wanted) || take(wanted, limit)) {
      return wanted;
    }
    String project = wanted.get(REDLENS_PROJECT_ID);
    if (project != null) {
      Attributes otherProject =
          project.equals(OVERFLOW_VALUE)
              ? wanted // already folded by the project limit
              : wanted.toBuilder().put(REDLENS_PROJECT_ID, OVERFLOW_VALUE).build();
      if (admitted.containsKey(otherProject) || take(otherProject, foldLimit)) {
        return otherProject;
      }
    }
    Attributes overflow = overflow(wanted);
    admitted.putIfAbsent(overflow, Boolean.TRUE); // not counted: bounded by the kept attributes
    return overflow;
  }

  /** Admits {@code series} if fewer than {@code ceiling} are admitted. */
  private boolean take(Attributes series, int ceiling) {
    if (size.get() >= ceiling) {
      return false;
    }
    if (size.incrementAndGet() > ceiling) {
      size.decrementAndGet();
      return false;
    }
    if (admitted.putIfAbsent(series, Boolean.TRUE) != null) {
      size.decrementAndGet(); // another thread admitted it meanwhile
    }
    return true;
  }

  /**
   * {@code wanted}, admitted when it is first recorded: a set that is never recorded (the miss of a
   * read that always hits, the slow series of a fast command) takes no room in the budget.
   */
  public Series series(Attributes wanted) {
    return new Series(this, wanted);
  }

  /** One attribute set as wanted, admitted by its instrument's budget on first use. */
  public static final class Series {
    private final SeriesBudget budget;
    private final Attributes wanted;
    // not volatile: Attributes are immutable, and two threads admitting at once both get a series
    // that counts the command
    private Attributes admitted;

    Series(SeriesBudget budget, Attributes wanted) {
      this.budget = budget;
      this.wanted = wanted;
    }

    /** The attribute set to record with: {@code wanted} or its fold. */
    public Attributes get() {
      Attributes attributes = admitted;
      if (attributes == null) {
        attributes = budget.admit(wanted);
        admitted = attributes;
      }
      return attributes;
    }
  }

  /** The number of series given to the instrument, overflow series included. */
  public int size() {
    return admitted.size();
  }

  private static Attributes overflow(Attributes wanted) {
    AttributesBuilder overflow = Attributes.builder();
    wanted.forEach(
        (key, value) -> {
          if (KEPT.contains(key)) {
            overflow.put(key.getKey(), String.valueOf(value));
          } else if (FOLDED.contains(key)) {
            overflow.put(key.getKey(), OVERFLOW_VALUE);
          }
        });
    return overflow.build();
  }
}
