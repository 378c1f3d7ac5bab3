package dev.iqmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticAssetsTest {

  @Test
  void shouldServeOnlyThePageItsAssetsAndTheWebJars() {
    assertThat(StaticAssets.resource("/")).isEqualTo("dashboard/index.html");
    assertThat(StaticAssets.resource("/assets/app.js")).isEqualTo("dashboard/app.js");
    assertThat(StaticAssets.resource("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"))
        .isEqualTo("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
    assertThat(StaticAssets.resource("/assets/../iqmon-defaults.yaml")).isNull();
    assertThat(StaticAssets.resource("/assets//etc/passwd")).isNull();
    assertThat(StaticAssets.resource("/iqmon-defaults.yaml")).isNull();
    assertThat(StaticAssets.resource("/webjars/%2e%2e/x")).isNull();
  }

  @Test
  void shouldBundleEveryAssetThePageLoads() throws Exception {
    String page =
        new String(
            getClass().getClassLoader().getResourceAsStream("dashboard/index.html").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    var refs = java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]*)\"").matcher(page);
    int found = 0;
    while (refs.find()) {
      String resource = StaticAssets.resource(refs.group(1));
      assertThat(resource).as(refs.group(1)).isNotNull();
      assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
      found++;
    }
    assertThat(found).isEqualTo(4);
    assertThat(page).doesNotContain("http://", "https://");
  }
}
