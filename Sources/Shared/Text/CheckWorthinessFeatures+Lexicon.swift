extension CheckWorthinessFeatures {
    /// The English words and phrases the features look for, lowercased (phrases match whole words).
    enum Lexicon {
        static let numberWords: Set<String> = [
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
            "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
            "half", "twice", "percent",
        ]
        static let units: Set<String> = [
            "percent", "million", "billion", "km", "kilometres", "kilometers", "miles", "mm", "cm", "metres",
            "meters", "kg", "tonnes", "tons", "euros", "dollars", "pounds", "degrees", "celsius", "mw", "gw", "kwh",
        ]
        static let months: Set<String> = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec",
        ]
        static let days: Set<String> = [
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "tonight", "overnight",
        ]
        static let relativeDates = [
            "last week", "last month", "last year", "this week", "this month", "this year", "next week",
            "next month", "next year", "last autumn", "last spring", "last summer", "last winter", "a day earlier",
            "a year earlier",
        ]
        static let attributions = [
            "said", "says", "told", "according to", "confirmed", "confirms", "reported", "reports", "counted",
            "announced", "stated", "denied", "claimed", "insisted", "maintained", "estimated", "recorded",
            "tallied", "released", "published", "declared", "revealed", "pledged", "promised",
        ]
        static let comparisons = [
            "more than", "less than", "fewer than", "at least", "at most", "up to", "up from", "down from",
            "record", "highest", "lowest", "largest", "biggest", "heaviest", "coldest", "warmest", "hottest",
            "worst", "best", "most", "least", "first", "rose", "fell", "increase", "decrease", "doubled", "halved",
            "than any",
        ]
        static let quantities: Set<String> = [
            "all", "every", "none", "half", "majority", "minority", "dozens", "hundreds", "thousands", "millions",
            "several", "twice", "both", "each",
        ]
        static let opinions = [
            "i think", "i believe", "i feel", "in my view", "we think", "we believe", "should", "must", "ought",
            "we hope", "i hope", "hopefully", "perhaps", "maybe", "probably", "let's", "feels like", "seems",
            "believe so", "let us",
        ]
        static let firstPerson: Set<String> = ["i", "we", "my", "our", "me", "us"]
        static let feelings: Set<String> = [
            "hope", "tired", "afraid", "scared", "fear", "feel", "feels", "love", "hate", "angry", "sad", "worried",
            "happy", "glad", "sorry", "upset",
        ]
    }
}
