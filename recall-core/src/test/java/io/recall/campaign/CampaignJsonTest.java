package io.recall.campaign;

import io.recall.channels.Channel;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampaignJsonTest {

    static final String EXAMPLE = """
            {
              "type": "recall-campaign", "version": 1,
              "id": "spring-winback", "kind": "win-back",
              "audience": {"scheme": "seed4", "segments": ["important-value", "general"],
                           "filters": [{"metric": "recency-days", "min": 60, "max": "365"}, {"metric": "m", "min": 2}]},
              "holdout": "0.10",
              "incentives": "spring-offers",
              "channels": {"important-value": ["callback-list", "email"], "general": ["sms"]},
              "templates": {"callback-list": "call", "email": "mail", "sms": "text"},
              "schedule": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-16T00:00:00Z", "sendWindow": "10:00-20:00"}
            }
            """;

    @Nested
    class Loading {

        @Test
        void readsEveryPartOfACampaign() {
            Campaign c = Campaign.fromJson(EXAMPLE, SegmentScheme.builtIn("seed4"));
            assertEquals("spring-winback", c.id());
            assertEquals(CampaignKind.WIN_BACK, c.kind());
            assertEquals(List.of("important-value", "general"), c.segments());
            assertEquals(new BigDecimal("0.10"), c.holdoutShare());
            assertEquals(Optional.of("spring-offers"), c.incentives());
            assertEquals(List.of(Channel.CALLBACK_LIST, Channel.EMAIL), c.planFor("important-value"));
            assertEquals("text", c.templates().get(Channel.SMS));
            assertEquals(2, c.filters().size());
            assertEquals(Optional.of(new BigDecimal("365")), c.filters().get(0).max());
            assertEquals("10:00-20:00", c.schedule().sendWindow().toString());
        }

        @Test
        void writtenCampaignReadsBackEqualAndWritesIdentically() {
            Campaign c = Campaign.fromJson(EXAMPLE);
            assertEquals(c, Campaign.fromJson(c.toJson()));
            assertEquals(c.toJson(), Campaign.fromJson(c.toJson()).toJson());
        }

        @Test
        void builtCampaignEqualsItsLoadedJson() {
            Campaign built = Fixtures.winBack("w1").build();
            assertEquals(built, Campaign.fromJson(built.toJson(), SegmentScheme.builtIn("seed4")));
        }
    }

    @Nested
    class Rejecting {

        private List<String> problems(String json) {
            ConfigException e = assertThrows(ConfigException.class, () -> Campaign.fromJson(json, SegmentScheme.builtIn("seed4")));
            return e.problems().stream().map(ConfigProblem::path).collect(Collectors.toList());
        }

        @Test
        void reportsEveryProblemAtOnceWithItsJsonPath() {
            String bad = """
                    {
                      "type": "recall-campaign", "version": 1, "colour": "red",
                      "id": "bad id", "kind": "content",
                      "audience": {"scheme": "seed4", "segments": ["important-value", "vip"],
                                   "filters": [{"metric": "age", "min": 1}, {"metric": "r", "min": 4, "max": 2}]},
                      "holdout": 0.7,
                      "incentives": "offers",
                      "channels": {"important-value": ["email", "email", "Bad Channel"], "general": []},
                      "templates": {"sms": "text"},
                      "schedule": {"start": "2026-03-16T00:00:00Z", "end": "2026-03-02T00:00:00Z", "sendWindow": "10-20"}
                    }
                    """;
            List<String> paths = problems(bad);
            for (String p : List.of("$.colour", "$.id", "$.audience.segments[1]", "$.audience.filters[0].metric",
                    "$.audience.filters[1].max", "$.holdout", "$.incentives", "$.channels.important-value[1]",
                    "$.channels.important-value[2]", "$.channels.general", "$.channels", "$.templates",
                    "$.schedule.sendWindow", "$.schedule.end")) {
                assertTrue(paths.contains(p), p + " missing from " + paths);
            }
        }

        @Test
        void contentCampaignWithARuleSetIsRejectedWhenBuiltToo() {
            ConfigException e = assertThrows(ConfigException.class, () -> Campaign.newBuilder("tips", CampaignKind.CONTENT)
                    .audience("seed4", "general").plan("general", Channel.EMAIL).template(Channel.EMAIL, "tips")
                    .incentives("offers").schedule(Fixtures.winBack("x").build().schedule()).build());
            assertEquals("$.incentives", e.problems().get(0).path());
        }

        @Test
        void holdoutAboveHalfIsRejected() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Fixtures.winBack("w").holdout(new BigDecimal("0.51")).build());
            assertEquals(List.of("$.holdout"), e.problems().stream().map(ConfigProblem::path).collect(Collectors.toList()));
        }

        @Test
        void schemeMismatchIsReported() {
            assertEquals(List.of("$.audience.scheme"), problems(EXAMPLE.replace("\"seed4\"", "\"rfm11\"")));
        }

        @Test
        void malformedJsonIsReportedWithItsLine() {
            List<String> paths = problems("{\n \"id\": ");
            assertTrue(paths.get(0).startsWith("$ (line 2"), paths.toString());
        }
    }
}
