package io.recall.incentive;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Budgets' resets and scope in rule-set JSON. */
class BudgetJsonTest {

    static String withBudget(String budget) {
        return "{\"name\": \"t\", \"currency\": \"GBP\", \"budgets\": [" + budget + "], \"rules\": [{\"id\": \"r\","
                + " \"offer\": {\"type\": \"free-shipping\"}}]}";
    }

    @Test
    void resetAndScopeAreRead() {
        RuleSet rs = RuleSet.fromJson(withBudget("{\"id\": \"day\", \"money\": \"50.00 GBP\", \"reset\": \"daily\","
                + " \"scope\": \"all-campaigns\"}"), RuleSetJsonTest.SEED4);
        Budget b = rs.budgets().get(0);
        assertEquals(Optional.of(BudgetPeriod.DAILY), b.reset());
        assertTrue(b.acrossCampaigns());
    }

    @Test
    void unknownResetAndScopeAreRejectedWithTheirPath() {
        List<String> problems = problems(withBudget("{\"id\": \"a\", \"count\": 5, \"reset\": \"hourly\"},"
                + " {\"id\": \"b\", \"count\": 5, \"scope\": \"shop\"}"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.budgets[0].reset") && p.contains("hourly")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.budgets[1].scope") && p.contains("all-campaigns")), problems.toString());
    }

    static List<String> problems(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> RuleSet.fromJson(json, RuleSetJsonTest.SEED4));
        return e.problems().stream().map(ConfigProblem::message).collect(Collectors.toList());
    }
}
