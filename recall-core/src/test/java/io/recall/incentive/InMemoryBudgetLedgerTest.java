package io.recall.incentive;

import java.time.ZoneId;
import java.util.List;

/** The budget ledger contract in memory. */
class InMemoryBudgetLedgerTest extends BudgetLedgerContract {
    @Override
    BudgetLedger ledger(String campaign, List<Budget> budgets, int perCustomerLimit, ZoneId zone) {
        return BudgetLedger.of(GBP, budgets, perCustomerLimit, zone);
    }

    @Override
    boolean shared() {
        return false;
    }
}
