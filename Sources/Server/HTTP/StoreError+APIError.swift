extension StoreError {
    /// The HTTP answer to this refusal: 400 `invalid`, 404 `not-found` or 409 `exists`.
    var apiError: APIError {
        switch code {
        case .invalid: APIError.badRequest(description)
        case .notFound: APIError.notFound(description)
        case .exists: APIError(.conflict, code: "exists", description)
        }
    }
}
