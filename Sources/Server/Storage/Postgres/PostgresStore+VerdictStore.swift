extension PostgresStore: VerdictStore {}
