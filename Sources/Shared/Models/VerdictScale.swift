import Foundation

/// One value of a verdict scale.
public struct ScaleLabel: Codable, Sendable, Equatable, Hashable {
    /// Machine id used in verdicts, e.g. `mostly-false`: lowercase letters, digits and `-`.
    public var id: String
    /// The words a reader sees, e.g. "Mostly false"; ClaimReview's `alternateName`.
    public var name: String
    public var description: String?
    /// Ordinal labels are ranked (listed best to worst); others (e.g. `unverifiable`) are categories of their own.
    public var ordinal: Bool

    public init(id: String, name: String, description: String? = nil, ordinal: Bool) {
        self.id = id
        self.name = name
        self.description = description
        self.ordinal = ordinal
    }
}

/// The labels a desk rates claims with: ordinal labels best to worst, then non-ordinal ones.
public struct VerdictScale: Codable, Sendable, Equatable {
    public var labels: [ScaleLabel]

    public init(labels: [ScaleLabel]) {
        self.labels = labels
    }

    /// The default scale: five ordinal labels from `true` to `false`, plus `unverifiable`.
    public static let standard = VerdictScale(labels: [
        ScaleLabel(id: "true", name: "True", description: "Accurate, nothing significant missing.", ordinal: true),
        ScaleLabel(id: "mostly-true", name: "Mostly true", description: "Accurate but needs context.", ordinal: true),
        ScaleLabel(id: "mixed", name: "Mixed", description: "Partly accurate, partly not.", ordinal: true),
        ScaleLabel(
            id: "mostly-false", name: "Mostly false", description: "Some truth, but misleading.", ordinal: true),
        ScaleLabel(id: "false", name: "False", description: "Not accurate.", ordinal: true),
        ScaleLabel(
            id: "unverifiable", name: "Unverifiable", description: "Cannot be checked with available evidence.",
            ordinal: false),
    ])

    /// Ordinal labels, best first.
    public var ordinalLabels: [ScaleLabel] { labels.filter(\.ordinal) }

    public func label(_ id: String) -> ScaleLabel? { labels.first { $0.id == id } }

    /// The label a person means by `text`: its id, its id or name in any case, or its number on the scale
    /// counting from 1 (as `verdict review` shows them).
    public func label(matching text: String) -> ScaleLabel? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let exact = label(trimmed) { return exact }
        let folded = trimmed.lowercased()
        if let match = labels.first(where: { $0.id.lowercased() == folded || $0.name.lowercased() == folded }) {
            return match
        }
        if let number = Int(trimmed), number >= 1, number <= labels.count { return labels[number - 1] }
        return nil
    }

    /// ClaimReview `ratingValue` of an ordinal label: the best is `ordinalLabels.count`, the worst 1; nil otherwise.
    public func rating(of id: String) -> Int? {
        let ordinal = ordinalLabels
        guard let index = ordinal.firstIndex(where: { $0.id == id }) else { return nil }
        return ordinal.count - index
    }

    /// Problems that make this scale unusable, as sentences; empty when the scale is valid.
    public func problems() -> [String] {
        var problems: [String] = []
        if labels.isEmpty { problems.append("the scale has no labels") }
        var seen = Set<String>()
        for label in labels {
            if !RecordID.isValidLabel(label.id) {
                problems.append("label id '\(label.id)' must be 1-40 lowercase letters, digits or '-'")
            }
            if !seen.insert(label.id).inserted { problems.append("label id '\(label.id)' appears twice") }
            if label.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("label '\(label.id)' has an empty name")
            }
        }
        if let firstOther = labels.firstIndex(where: { !$0.ordinal }),
            labels[firstOther...].contains(where: \.ordinal)
        {
            problems.append("list ordinal labels (best to worst) before non-ordinal ones")
        }
        return problems
    }
}
