package io.recall.incentive;

import io.recall.testing.Databases;

import java.time.ZoneId;
import java.util.List;

/** The budget ledger contract on a real PostgreSQL server: several ledgers (instances) share one database. */
class PostgresBudgetLedgerTest extends BudgetLedgerContract {

    private static JdbcIncentiveStores stores;

    @Override
    BudgetLedger ledger(String campaign, List<Budget> budgets, int perCustomerLimit, ZoneId zone) {
        synchronized (PostgresBudgetLedgerTest.class) {
            if (stores == null) {
                stores = JdbcIncentiveStores.migrate(Databases.postgres(), T0);
            }
        }
        return stores.budgets(campaign, GBP, budgets, perCustomerLimit, zone);
    }

    @Override
    boolean shared() {
        return true;
    }
}
