import Foundation
import VerdictShared

extension MutationRules {
    /// Assignments: editors ask a reviewer to rate a claim or every claim of an article, optionally by a day;
    /// unassigning leaves a tombstone. Assigning what the reviewer already has answers `merged` with it.
    func applyAssignment(
        _ mutation: Mutation, by identity: Identity, in storage: some MutationStorage, now: String
    )
        throws -> Outcome
    {
        guard identity.can(.editor) else { throw Rejection.forbidden("only editors and admins assign claims") }
        let id = try recordID(of: mutation)
        let current = try id.flatMap { try storage.assignment(id: $0) }
        switch mutation.op {
        case .delete:
            guard let id else { throw Rejection.invalid("a delete must name the assignment's id") }
            guard let current else { throw Rejection.notFound("assignment \(id) does not exist") }
            if let conflict = try versionConflict(mutation, current: .assignment(current)) { return conflict }
            if current.deleted {
                return .conflict(.deleted, "assignment \(id) is already withdrawn", current: .assignment(current))
            }
            var tombstone = current
            tombstone.deleted = true
            tombstone.version += 1
            tombstone.assignedBy = identity.name
            tombstone.updatedAt = now
            return .applied(.assignment(tombstone), try storage.save(tombstone, by: identity.name))
        case .put:
            guard case .assignment(let input) = mutation.record else {
                throw Rejection.invalid("an assignment put needs a record with reviewer and claimId or articleId")
            }
            let fields = try validatedAssignment(input, in: storage)
            guard let current else {
                try requireAbsentBase(mutation, id: id)
                if let existing = try storage.liveAssignment(
                    reviewer: fields.reviewer, claimId: fields.claimId, articleId: fields.articleId)
                {
                    return .merged(.assignment(existing))
                }
                let assignment = Assignment(
                    id: id ?? RecordID.make(), version: 1, reviewer: fields.reviewer, claimId: fields.claimId,
                    articleId: fields.articleId, due: fields.due, deleted: false, assignedBy: identity.name,
                    createdAt: now, updatedAt: now)
                return .applied(.assignment(assignment), try storage.save(assignment, by: identity.name))
            }
            if let conflict = try versionConflict(mutation, current: .assignment(current)) { return conflict }
            guard current.reviewer == fields.reviewer, current.claimId == fields.claimId,
                current.articleId == fields.articleId
            else {
                throw Rejection.invalid(
                    "assignment \(current.id) asks \(current.reviewer) to rate "
                        + "\(current.claimId.map { "claim \($0)" } ?? "article \(current.articleId ?? "")"); "
                        + "only its due day can change (assign anew for anything else)")
            }
            if current.deleted,
                let live = try storage.liveAssignment(
                    reviewer: fields.reviewer, claimId: fields.claimId, articleId: fields.articleId)
            {
                return .merged(.assignment(live))
            }
            var assignment = current
            assignment.due = fields.due
            assignment.deleted = false
            assignment.version += 1
            assignment.assignedBy = identity.name
            assignment.updatedAt = now
            return .applied(.assignment(assignment), try storage.save(assignment, by: identity.name))
        }
    }

    struct AssignmentFields {
        let reviewer: String
        let claimId: String?
        let articleId: String?
        let due: String?
    }

    func validatedAssignment(_ input: AssignmentInput, in storage: some MutationStorage) throws -> AssignmentFields {
        guard let user = try storage.user(name: input.reviewer) else {
            throw Rejection.notFound("there is no user '\(input.reviewer.prefix(64))' to assign")
        }
        if user.disabled { throw Rejection.invalid("user \(input.reviewer) is disabled; they cannot be assigned") }
        switch (input.claimId, input.articleId) {
        case (let claim?, nil):
            guard RecordID.isValid(claim), let status = try storage.claimStatus(id: claim) else {
                throw Rejection.notFound("claim \(claim.prefix(80)) does not exist")
            }
            if status == .withdrawn { throw Rejection.invalid("claim \(claim) is withdrawn; it takes no verdicts") }
        case (nil, let article?):
            guard RecordID.isValid(article), try storage.articleRevision(id: article) != nil else {
                throw Rejection.notFound("article \(article.prefix(80)) does not exist")
            }
        default:
            throw Rejection.invalid("an assignment names exactly one of claimId and articleId")
        }
        var due: String?
        if let text = input.due, !text.isEmpty {
            guard Timestamp.isDay(text) else {
                throw Rejection.invalid("due must be a day as YYYY-MM-DD, not '\(text.prefix(40))'")
            }
            due = text
        }
        // Stored as the name is spelled in the users table (names match without regard to case).
        let reviewer = user.name
        return AssignmentFields(reviewer: reviewer, claimId: input.claimId, articleId: input.articleId, due: due)
    }
}
