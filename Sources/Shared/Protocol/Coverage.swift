/// How far the desk's assignments and target are met (`GET /v1/coverage`, `verdict coverage`).
public struct Coverage: Codable, Sendable, Equatable {
    /// One article: its active claims, how many have the target number of live verdicts, and all its verdicts.
    public struct ArticleRow: Codable, Sendable, Equatable {
        public var article: String
        public var title: String
        public var claims: Int
        /// Claims with at least `targetVerdicts` live verdicts.
        public var covered: Int
        public var verdicts: Int
        /// Live verdicts wanted per claim here: the article's own target, else the desk's.
        public var targetVerdicts: Int

        public init(article: String, title: String, claims: Int, covered: Int, verdicts: Int, targetVerdicts: Int) {
            self.article = article
            self.title = title
            self.claims = claims
            self.covered = covered
            self.verdicts = verdicts
            self.targetVerdicts = targetVerdicts
        }
    }

    /// One reviewer on one article: the active claims assigned to them (by claim or by article), how many of
    /// those they have rated, and how many unrated ones are past their due day.
    public struct ReviewerRow: Codable, Sendable, Equatable {
        public var article: String
        public var reviewer: String
        public var assigned: Int
        public var rated: Int
        public var overdue: Int

        public init(article: String, reviewer: String, assigned: Int, rated: Int, overdue: Int) {
            self.article = article
            self.reviewer = reviewer
            self.assigned = assigned
            self.rated = rated
            self.overdue = overdue
        }
    }

    /// Live verdicts wanted per claim, the desk's default (an article may set its own).
    public var targetVerdicts: Int
    /// The day "overdue" was judged against (`YYYY-MM-DD`, UTC).
    public var today: String
    public var articles: [ArticleRow]
    /// Reviewers with an assignment on the article, by article then reviewer.
    public var reviewers: [ReviewerRow]
    /// The `after` for the next page, nil on the last.
    public var next: String?

    public init(
        targetVerdicts: Int, today: String, articles: [ArticleRow], reviewers: [ReviewerRow], next: String?
    ) {
        self.targetVerdicts = targetVerdicts
        self.today = today
        self.articles = articles
        self.reviewers = reviewers
        self.next = next
    }
}
