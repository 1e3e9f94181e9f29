extension ExportItem {
    /// The item as JSON, written directly (the `Codable` form decodes it to the same value; `JSONEncoder` was
    /// measured at half of an export's time).
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 512 + verdicts.count * 256)
        writer.object("claim") { fields in
            fields.string("id", claim.id)
            fields.int("revision", claim.revision)
            fields.string("anchoring", claim.anchoring.rawValue)
            fields.string("quote", claim.quote)
            fields.string("prefix", claim.prefix)
            fields.string("suffix", claim.suffix)
            fields.int("start", claim.start)
            fields.int("end", claim.end)
        }
        writer.object("article") { fields in
            fields.string("id", article.id)
            fields.string("title", article.title)
            fields.string("source", article.source)
            fields.string("url", ifPresent: article.url)
            fields.string("published", ifPresent: article.published)
        }
        writer.objects("verdicts", verdicts) { fields, verdict in
            fields.string("reviewer", verdict.reviewer)
            fields.string("label", verdict.label)
            fields.double("confidence", verdict.confidence)
            fields.string("rationale", verdict.rationale)
            fields.objects("evidence", verdict.evidence) { fields, evidence in
                fields.string("url", evidence.url)
                fields.string("note", ifPresent: evidence.note)
            }
            fields.string("updatedAt", verdict.updatedAt)
        }
        writer.object("distribution") { counts in
            for label in distribution.keys.sorted() { counts.int(label, distribution[label]!) }
        }
        writer.object("consensus") { fields in
            fields.string("method", consensus.method)
            fields.string("label", ifPresent: consensus.label)
            fields.double("probability", consensus.probability)
        }
        writer.string("status", status.rawValue)
        writer.object("articleAlpha") { alpha in
            if let value = articleAlpha.nominal, value.isFinite { alpha.double("nominal", value) }
            if let value = articleAlpha.ordinal, value.isFinite { alpha.double("ordinal", value) }
            if let value = articleAlpha.interval, value.isFinite { alpha.double("interval", value) }
        }
        writer.raw("published", ifPresent: published?.jsonText)
        writer.objects("appearances", appearances) { fields, place in
            fields.string("claimId", place.claimId)
            fields.string("quote", place.quote)
            fields.object("article") { article in
                article.string("id", place.article.id)
                article.string("title", place.article.title)
                article.string("source", place.article.source)
                article.string("url", ifPresent: place.article.url)
                article.string("published", ifPresent: place.article.published)
            }
        }
        return writer.finish()
    }
}
