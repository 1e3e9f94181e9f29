import Foundation

/// ClaimReview (schema.org JSON-LD).
extension ExportEncoder {
    public struct ClaimReview: Codable, Sendable, Equatable {
        public struct Organization: Codable, Sendable, Equatable {
            public var type = "Organization"
            public var name: String
            public var url: String?

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case name, url
            }
        }

        public struct Rating: Codable, Sendable, Equatable {
            public var type = "Rating"
            /// The label's place on the ordinal scale; nil for a non-ordinal label.
            public var ratingValue: Int?
            public var bestRating: Int?
            public var worstRating: Int?
            public var alternateName: String

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case ratingValue, bestRating, worstRating, alternateName
            }
        }

        public struct CreativeWork: Codable, Sendable, Equatable {
            public var type = "CreativeWork"
            public var url: String?
            public var headline: String
            public var datePublished: String?
            public var author: Organization

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case url, headline, datePublished, author
            }
        }

        public struct ClaimItem: Codable, Sendable, Equatable {
            public var type = "Claim"
            /// Every article the claim appears in (its linked appearances included), earliest first.
            public var appearance: [CreativeWork]
            /// The earliest published of them.
            public var firstAppearance: CreativeWork?
            public var datePublished: String?
            /// Who made the claim: the person the editor named, else the outlet that carried it.
            public var author: Organization

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case appearance, firstAppearance, datePublished, author
            }
        }

        public var context = "https://schema.org"
        public var type = "ClaimReview"
        public var url: String
        public var claimReviewed: String
        /// The day the current version of the publication was published.
        public var datePublished: String
        public var author: Organization
        public var reviewRating: Rating
        public var itemReviewed: ClaimItem
        /// The editor's public rationale.
        public var reviewBody: String

        enum CodingKeys: String, CodingKey {
            case context = "@context"
            case type = "@type"
            case url, claimReviewed, datePublished, author, reviewRating, itemReviewed, reviewBody
        }
    }

    /// The ClaimReview for an item, or nil when the claim is not published, is orphaned by a correction, or the
    /// desk has no `claimReviewURL` (see ``DeskInfo/claimReviewProblem``). It carries the published verdict, never
    /// the consensus: an editor decides what the desk says.
    public func claimReview(_ item: ExportItem) -> ClaimReview? {
        // An orphaned claim's quote is no longer in its article: nothing to point a reader at.
        guard item.claim.anchoring != .orphaned, let published = item.published,
            let label = scale.label(published.label), let url = desk.reviewURL(claim: item.claim.id)
        else { return nil }
        let ordinal = scale.ordinalLabels
        let value = ordinal.firstIndex(of: label).map { ordinal.count - $0 }
        let outlet = ClaimReview.Organization(name: item.article.source, url: nil)
        let places =
            item.appearances.isEmpty
            ? [ExportItem.Appearance(claimId: item.claim.id, quote: item.claim.quote, article: item.article)]
            : item.appearances
        let works = places.map {
            ClaimReview.CreativeWork(
                url: $0.article.url, headline: $0.article.title,
                datePublished: $0.article.published.map { String($0.prefix(10)) },
                author: ClaimReview.Organization(name: $0.article.source, url: nil))
        }
        let speaker = published.claimAuthor.map { ClaimReview.Organization(type: "Person", name: $0, url: nil) }
        return ClaimReview(
            url: url,
            claimReviewed: item.claim.quote,
            datePublished: String(published.updatedAt.prefix(10)),
            author: ClaimReview.Organization(name: desk.name, url: desk.url),
            reviewRating: ClaimReview.Rating(
                ratingValue: value, bestRating: value == nil ? nil : ordinal.count, worstRating: value == nil ? nil : 1,
                alternateName: label.name),
            itemReviewed: ClaimReview.ClaimItem(
                appearance: works, firstAppearance: works.first,
                datePublished: (item.appearances.first?.article.published ?? item.article.published).map {
                    String($0.prefix(10))
                }, author: speaker ?? outlet),
            reviewBody: published.summary)
    }
}
