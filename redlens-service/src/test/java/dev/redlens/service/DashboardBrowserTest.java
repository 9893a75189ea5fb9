package dev.redlens.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's, installed by {@link ChromiumInstalled}):
 * after some load, every chart has data, and a screenshot shows colored plot pixels inside every
 * chart's canvas.
 */
@ExtendWith(ChromiumInstalled.class)
class DashboardBrowserTest {

  static ServiceUnderTest sut;
  static ChromeDriver driver;
  static final String P = UUID.randomUUID().toString();
  static final List<String> CHARTS = List.of("ops", "latency", "hits", "memory", "pool", "errors");

  @BeforeAll
  static void start(@TempDir Path profile) {
    // Redis's badge shows the last health check: a first check that a loaded machine made too
    // slow (2 s to connect, 5 s for PING) would otherwise stand for the default 30 s
    sut = ServiceUnderTest.start(b -> b.healthCheckInterval(Duration.ofMillis(500)));
    // load of every kind, so that every chart has something to draw
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"MIXED\", \"count\": 200, \"project_id\": \"" + P + "\"}");
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"SET\", \"count\": 50, \"key_prefix\": \"d\", \"project_id\": \""
            + P
            + "\"}");
    sut.post(
        "/test/redis/operations/basic",
        "{\"operation\": \"INCR\", \"count\": 20, \"key_prefix\": \"d\", \"project_id\": \""
            + P
            + "\"}");
    sut.post(
        "/test/redis/cache/performance",
        "{\"total_keys\": 500, \"hit_rate_target\": 0.7, \"project_id\": \"" + P + "\"}");
    sut.post(
        "/test/redis/latency/measurement",
        "{\"command\": \"GET\", \"iterations\": 300, \"key_size\": 64, \"project_id\": \""
            + P
            + "\"}");
    // the sampler has taken samples that include the load and a memory figure
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var samples = sut.get("/dashboard/data").json().path("samples");
              boolean memory = false;
              boolean ops = false;
              for (var s : samples) {
                memory |= s.has("memory_used");
                ops |=
                    s.path("ops_per_second").size() > 0
                        && s.path("ops_per_second").path("write").asDouble() > 0;
              }
              return memory && ops;
            });

    System.setProperty("webdriver.chrome.driver", ChromiumInstalled.CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(ChromiumInstalled.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1100",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(ChromiumInstalled.CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (sut != null) {
        sut.close();
      }
    }
  }

  @Test
  void everyChartRendersWithData() throws Exception {
    driver.get(sut.baseUrl + "/?refresh=500");
    JavascriptExecutor js = driver;
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              Object result =
                  js.executeScript(
                      "const c = window.redlensCharts; if (!c || !Number(document.body.dataset.updates)) return false;"
                          + "if (!document.getElementById('redis').textContent.endsWith(': up')) return false;"
                          + "return Object.values(c).every(ch => ch.data.datasets.some("
                          + "  ds => ds.data.some(v => v !== null && v !== undefined && !Number.isNaN(v))));");
              return Boolean.TRUE.equals(result);
            });
    assertThat(driver.getTitle()).contains("Redlens");
    assertThat(driver.findElement(By.id("redis")).getText()).contains("up");

    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Path shot = Path.of("target", "dashboard.png");
    Files.write(shot, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    double scale =
        image.getWidth() / ((Number) js.executeScript("return window.innerWidth;")).doubleValue();
    Map<String, Integer> colored = new LinkedHashMap<>();
    for (String chart : CHARTS) {
      WebElement canvas = driver.findElement(By.id("chart-" + chart));
      var rect = canvas.getRect();
      colored.put(
          chart,
          coloredPixels(
              image,
              (int) (rect.getX() * scale),
              (int) (rect.getY() * scale),
              (int) (rect.getWidth() * scale),
              (int) (rect.getHeight() * scale)));
    }
    // every chart's canvas shows plotted data: saturated pixels (axes, grid and labels are gray)
    assertThat(colored)
        .as("colored pixels per chart; screenshot in " + shot.toAbsolutePath())
        .allSatisfy((chart, pixels) -> assertThat(pixels).as(chart).isGreaterThan(30));
  }

  private static int coloredPixels(BufferedImage image, int x0, int y0, int w, int h) {
    int count = 0;
    for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + h); y++) {
      for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + w); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          count++;
        }
      }
    }
    return count;
  }
}
