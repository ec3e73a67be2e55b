package io.recall.incentive;

import io.recall.testing.Databases;

import java.time.ZoneId;
import java.util.List;

/** The budget ledger contract on embedded H2: several ledgers (instances) share one database. */
class H2BudgetLedgerTest extends BudgetLedgerContract {

    private static JdbcIncentiveStores stores;

    @Override
    BudgetLedger ledger(String campaign, List<Budget> budgets, int perCustomerLimit, ZoneId zone) {
        synchronized (H2BudgetLedgerTest.class) {
            if (stores == null) {
                stores = JdbcIncentiveStores.migrate(Databases.h2(), T0);
            }
        }
        return stores.budgets(campaign, GBP, budgets, perCustomerLimit, zone);
    }

    @Override
    boolean shared() {
        return true;
    }
}
