package dev.redlens.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Redlens auto-configuration, under {@code redlens.*}. Every default is the
 * library's own default ({@code RedisTelemetryBuilder}, {@code ServerMetrics}), so adding the
 * starter changes nothing but what is observed.
 */
@ConfigurationProperties("redlens")
public class RedlensProperties {

  /** Whether Redlens instruments the application's Redis clients at all. */
  private boolean enabled = true;

  /** Operations at least this long count as slow (redis.client.operation.slow). */
  private Duration slowOperationThreshold = Duration.ofMillis(100);

  /** The window of redis.client.cache.hit_ratio and of the snapshot's windowed hit ratio. */
  private Duration hitRatioWindow = Duration.ofSeconds(60);

  /** The most distinct redlens.project.id values on metrics; the rest are reported as _other. */
  private int maxProjects = 1000;

  /**
   * Whether db.client.operation.duration carries redlens.project.id. The counters and the hit ratio
   * always do; on, every project multiplies the histogram's series.
   */
  private boolean projectOnDuration = false;

  /**
   * The most series (distinct attribute sets) each Redlens client instrument gets; past it new
   * series are folded (to redlens.project.id=_other, then an overflow series), never dropped.
   */
  private int maxSeriesPerInstrument = 1000;

  /**
   * Whether a command with no active parent span (no request, no job around it) gets a span of its
   * own, a root span. Off, such a command records only its metrics and statistics; commands inside
   * a span still get theirs.
   */
  private boolean rootSpans = true;

  private final Tracing tracing = new Tracing();

  private final QueryText queryText = new QueryText();

  private final Info info = new Info();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getSlowOperationThreshold() {
    return slowOperationThreshold;
  }

  public void setSlowOperationThreshold(Duration slowOperationThreshold) {
    this.slowOperationThreshold = slowOperationThreshold;
  }

  public Duration getHitRatioWindow() {
    return hitRatioWindow;
  }

  public void setHitRatioWindow(Duration hitRatioWindow) {
    this.hitRatioWindow = hitRatioWindow;
  }

  public int getMaxProjects() {
    return maxProjects;
  }

  public void setMaxProjects(int maxProjects) {
    this.maxProjects = maxProjects;
  }

  public boolean isRootSpans() {
    return rootSpans;
  }

  public void setRootSpans(boolean rootSpans) {
    this.rootSpans = rootSpans;
  }

  public boolean isProjectOnDuration() {
    return projectOnDuration;
  }

  public void setProjectOnDuration(boolean projectOnDuration) {
    this.projectOnDuration = projectOnDuration;
  }

  public int getMaxSeriesPerInstrument() {
    return maxSeriesPerInstrument;
  }

  public void setMaxSeriesPerInstrument(int maxSeriesPerInstrument) {
    this.maxSeriesPerInstrument = maxSeriesPerInstrument;
  }

  public Tracing getTracing() {
    return tracing;
  }

  public QueryText getQueryText() {
    return queryText;
  }

  public Info getInfo() {
    return info;
  }

  /** Spans. */
  public static class Tracing {

    /**
     * Whether every command gets a span. Off, Redlens records its metrics and statistics only,
     * which saves the cost of a span per command.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The db.query.text attribute of spans. */
  public static class QueryText {

    /** Whether spans carry db.query.text. */
    private boolean capture = true;

    /**
     * Whether values are replaced with '?'. Credentials (AUTH, HELLO AUTH, ...) are always masked.
     */
    private boolean sanitize = true;

    /** Whether keys are masked too. */
    private boolean maskKeys = false;

    /** The longest db.query.text in characters; longer ones are cut. */
    private int maxLength = 1024;

    public boolean isCapture() {
      return capture;
    }

    public void setCapture(boolean capture) {
      this.capture = capture;
    }

    public boolean isSanitize() {
      return sanitize;
    }

    public void setSanitize(boolean sanitize) {
      this.sanitize = sanitize;
    }

    public boolean isMaskKeys() {
      return maskKeys;
    }

    public void setMaskKeys(boolean maskKeys) {
      this.maskKeys = maskKeys;
    }

    public int getMaxLength() {
      return maxLength;
    }

    public void setMaxLength(int maxLength) {
      this.maxLength = maxLength;
    }
  }

  /** Server metrics from INFO (ServerMetrics). */
  public static class Info {

    /** Whether the configured Redis servers are polled with INFO for server metrics. */
    private boolean enabled = true;

    /** Time between the end of one round of polls and the start of the next. */
    private Duration interval = Duration.ofSeconds(30);

    /** Limit for connecting to a node and for each command of a poll. */
    private Duration timeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
