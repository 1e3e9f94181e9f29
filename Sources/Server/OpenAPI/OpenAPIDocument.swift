/// The OpenAPI 3.1 description of the HTTP API, served at `GET /v1/openapi.yaml`.
/// A test holds it to the routes the server registers; keep both in step.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Verdict API
          version: 1.0.0
          description: >-
            Verdict is a fact-checking annotation server. Editors add news articles (every change of the text is a
            new, still readable revision); reviewers mark claims (spans of an article's text) and rate them with
            verdicts on the desk's verdict scale, citing evidence. Clients may work offline: they make their own
            record ids, push batches of mutations to `POST /v1/push` and follow every write through the change feed
            `GET /v1/changes`. The plain REST writes follow the same rules, with record versions carried by
            `ETag` and `If-Match`. Every `/v1` request needs `Authorization: Bearer <token>`; every error answers
            a JSON body `{"error": {"message": ..., "code": ...}}`. Text offsets count Unicode scalars (code points)
            in NFC-normalized text, with line breaks as LF. The server closes a connection on which the client sends
            nothing for 60 seconds (between requests, or an upload stalled halfway).
        servers:
          - url: /
        security:
          - bearerAuth: []
        tags:
          - name: meta
            description: Health, the authenticated user, the verdict scale, this document.
          - name: articles
            description: Articles and their revisions.
          - name: claims
            description: Spans of article text that reviewers rate.
          - name: verdicts
            description: One reviewer's rating of one claim.
          - name: sync
            description: The change feed and batched offline writes.
          - name: users
            description: User and token management (admins).
          - name: consensus
            description: What the reviewers agree on, and how far.
        paths:
          /health:
            get:
              operationId: getHealth
              summary: Liveness check (no authentication)
              tags: [meta]
              security: []
              responses:
                '200':
                  description: The server is up.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status]
                        properties:
                          status:
                            type: string
                            const: ok
          /v1/me:
            get:
              operationId: getMe
              summary: The authenticated user
              tags: [meta]
              responses:
                '200':
                  description: The user the bearer token belongs to.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Me'
                '401':
                  $ref: '#/components/responses/Error'
          /v1/scale:
            get:
              operationId: getScale
              summary: The desk's verdict scale
              tags: [meta]
              responses:
                '200':
                  description: The labels verdicts may use, ordinal labels best to worst, then non-ordinal ones.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/VerdictScale'
                '401':
                  $ref: '#/components/responses/Error'
          /v1/agreement:
            get:
              operationId: getAgreement
              summary: How far the desk's reviewers agree
              description: >
                Over every live verdict on an active claim: Krippendorff's alpha (nominal over all labels;
                ordinal and interval over the ordinal labels by rank) for the desk and per article, Fleiss'
                kappa (or a note saying why it does not apply), Cohen's kappa for every pair of reviewers with at
                least `minShared` claims in common, and per reviewer the share of verdicts matching the consensus
                and the Dawid-Skene accuracy estimate. Alphas are null where undefined (no variation, nothing to
                pair).
              tags: [consensus]
              parameters:
                - name: method
                  in: query
                  description: The consensus reviewers are compared with (default dawid-skene).
                  schema:
                    type: string
                    enum: [majority, dawid-skene]
                - name: minShared
                  in: query
                  description: Least number of shared claims for a pair of reviewers to be listed (default 5).
                  schema:
                    type: integer
                    minimum: 1
              responses:
                '200':
                  description: The agreement report.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/AgreementReport'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
          /v1/export:
            get:
              operationId: getExport
              summary: Consensus verdicts, streamed (editors and admins)
              description: >
                Every active claim with its article, quote and offsets, every live verdict (reviewer, label,
                confidence, rationale, evidence), the label distribution, the consensus label and its probability,
                the claim's status (settled, disputed, needs-review) and its article's Krippendorff alpha, read
                from one snapshot and streamed article by article (articles by id, each article's claims in
                reading order). CSV has one RFC 4180 row per claim. ClaimReview is a
                JSON-LD array of schema.org ClaimReview items, settled claims only unless all=true; ordinal labels
                are rated from 1 (worst) to their count (best), a non-ordinal consensus (such as unverifiable)
                has ratingValue -1, and alternateName carries the label's words.
              tags: [consensus]
              parameters:
                - name: format
                  in: query
                  description: Default json.
                  schema:
                    type: string
                    enum: [json, ndjson, csv, claimreview]
                - name: method
                  in: query
                  description: How the consensus is reached (default dawid-skene).
                  schema:
                    type: string
                    enum: [majority, dawid-skene]
                - name: all
                  in: query
                  description: ClaimReview only; include claims that are not settled (default false).
                  schema:
                    type: boolean
                - name: minVerdicts
                  in: query
                  description: Verdicts a claim needs before it can be settled (default from the server config, 3).
                  schema:
                    type: integer
                    minimum: 1
                - name: threshold
                  in: query
                  description: Probability the consensus label needs for the claim to be settled (default 0.7).
                  schema:
                    type: number
                    minimum: 0
                    maximum: 1
              responses:
                '200':
                  description: The export, in the format asked for.
                  content:
                    application/json:
                      schema:
                        type: object
                    application/x-ndjson:
                      schema:
                        type: string
                    text/csv:
                      schema:
                        type: string
                    application/ld+json:
                      schema:
                        type: array
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
          /v1/desk:
            get:
              operationId: getDesk
              summary: The desk that publishes verdicts, and when a claim counts as settled
              tags: [meta]
              responses:
                '200':
                  description: The desk's name and URL (ClaimReview author) and its consensus policy.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [name, consensus]
                        properties:
                          name: { type: string }
                          url: { type: [string, 'null'] }
                          consensus:
                            type: object
                            required: [minimumVerdicts, threshold]
                            properties:
                              minimumVerdicts: { type: integer, minimum: 1 }
                              threshold: { type: number, minimum: 0, maximum: 1 }
                '401':
                  $ref: '#/components/responses/Error'
          /v1/openapi.yaml:
            get:
              operationId: getOpenAPIDocument
              summary: This OpenAPI 3.1 description
              tags: [meta]
              responses:
                '200':
                  description: The OpenAPI document, as YAML.
                  content:
                    application/yaml:
                      schema:
                        type: string
                '401':
                  $ref: '#/components/responses/Error'
          /v1/articles:
            get:
              operationId: listArticles
              summary: List articles, ordered by id, without bodies
              tags: [articles]
              parameters:
                - name: after
                  in: query
                  description: Only articles whose id sorts after this one; pass the previous page's `next`.
                  schema:
                    type: string
                - name: limit
                  in: query
                  description: Most articles to return.
                  schema:
                    type: integer
                    minimum: 1
                    maximum: 1000
                    default: 100
              responses:
                '200':
                  description: A page of articles.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ArticleList'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
            post:
              operationId: createArticle
              summary: Add an article (editors and admins)
              description: >-
                Creates an article at version 1, revision 1. The id is taken from the body or made by the server.
                The body text is NFC-normalized (CR and CRLF become LF); an article whose current text is exactly
                the same is a duplicate (409, code `duplicate`). A body id that already exists gives 409, code `exists`.
              tags: [articles]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/ArticleInput'
              responses:
                '201':
                  description: Created.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Location:
                      $ref: '#/components/headers/Location'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Article'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
          /v1/articles/{id}:
            parameters:
              - $ref: '#/components/parameters/RecordId'
            get:
              operationId: getArticle
              summary: Read an article, at its current revision or an older one
              tags: [articles]
              parameters:
                - name: revision
                  in: query
                  description: >-
                    The revision to read; the current one when left out. An old revision comes with its own body,
                    and the title, source, url and published date it had when it was replaced; its `version` (and
                    ETag) is the article's current version, so it can be sent in `If-Match` to correct the article.
                  schema:
                    type: integer
                    minimum: 1
              responses:
                '200':
                  description: The article.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Article'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
            put:
              operationId: putArticle
              summary: Create an article with this id, or correct it (editors and admins)
              description: >-
                Without `If-Match` this creates the article (201); if it already exists the answer is 428, code
                `exists`, with the current article. With `If-Match` it replaces title, source, url, published and body
                (200) and bumps `version`; only a change of the body makes a new `revision`, so fixing the title,
                source, url or date keeps it. A stale version gives 412, code `stale`, with the current article; a
                body that is exactly another article's current text gives 409, code `duplicate`.
                `If-None-Match: *` makes an existing article a 412 instead of a 428. A body `id` must match the URL.
              tags: [articles]
              parameters:
                - $ref: '#/components/parameters/IfMatch'
                - $ref: '#/components/parameters/IfNoneMatch'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/ArticleInput'
              responses:
                '200':
                  description: Corrected; the answer is the article as it now is.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Article'
                '201':
                  description: Created.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Location:
                      $ref: '#/components/headers/Location'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Article'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '412':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
                '428':
                  $ref: '#/components/responses/Error'
          /v1/articles/{id}/revisions:
            parameters:
              - $ref: '#/components/parameters/RecordId'
            get:
              operationId: listArticleRevisions
              summary: An article's revision history, oldest first
              tags: [articles]
              responses:
                '200':
                  description: Every revision of the article.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ArticleRevisionList'
                '401':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
          /v1/claims:
            post:
              operationId: createClaim
              summary: Mark a claim
              description: >-
                Any user may mark a claim. Give `start` and `end` (Unicode scalars into the NFC body of `revision`,
                end exclusive), or leave both out and the server finds the `occurrence`-th appearance of `quote`;
                offsets together with an `occurrence` are a 400. When a claim already marks exactly this span, nothing
                is written and the answer is 200 with that claim (its id may differ from the one sent) and a
                `Content-Location` header.
              tags: [claims]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/ClaimInput'
              responses:
                '200':
                  description: An existing claim already marks this span; it is answered instead.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Content-Location:
                      $ref: '#/components/headers/ContentLocation'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '201':
                  description: Created.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Location:
                      $ref: '#/components/headers/Location'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
          /v1/claims/{id}:
            parameters:
              - $ref: '#/components/parameters/RecordId'
            get:
              operationId: getClaim
              summary: Read a claim
              tags: [claims]
              responses:
                '200':
                  description: The claim.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '401':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
            put:
              operationId: putClaim
              summary: Mark a claim with this id, or change its status (editors)
              description: >-
                Without `If-Match` this creates the claim (201, or 200 with an existing claim marking the same span).
                With `If-None-Match: *` an existing claim marking that span (under this id or another) is a 412, code
                `exists`, with that claim as `current`. With `If-Match` it sets `status` (`active` or `withdrawn`;
                editors and admins only); the article, quote and offsets of a claim never change. A put on an existing
                claim that changes nothing is answered 200 with the claim as it is, at the same version; an editor's
                put that changes its status without `If-Match` gets 428, code `exists`.
              tags: [claims]
              parameters:
                - $ref: '#/components/parameters/IfMatch'
                - $ref: '#/components/parameters/IfNoneMatch'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/ClaimInput'
              responses:
                '200':
                  description: >-
                    Status changed; or nothing changed, or, on a create, an existing claim already marks this span
                    and is answered instead (with `Content-Location`).
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Content-Location:
                      $ref: '#/components/headers/ContentLocation'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '201':
                  description: Created.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Location:
                      $ref: '#/components/headers/Location'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '412':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
                '428':
                  $ref: '#/components/responses/Error'
            delete:
              operationId: withdrawClaim
              summary: Withdraw a claim (editors; If-Match required)
              description: >-
                Sets the claim's status to `withdrawn`; claims are never erased. Withdrawn claims take no new
                verdicts. An already withdrawn claim gives 409, code `deleted`.
              tags: [claims]
              parameters:
                - $ref: '#/components/parameters/IfMatchRequired'
              responses:
                '200':
                  description: Withdrawn; the answer is the claim as it now is.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Claim'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '412':
                  $ref: '#/components/responses/Error'
                '428':
                  $ref: '#/components/responses/Error'
          /v1/verdicts/{id}:
            parameters:
              - $ref: '#/components/parameters/RecordId'
            get:
              operationId: getVerdict
              summary: Read a verdict, or its tombstone
              tags: [verdicts]
              responses:
                '200':
                  description: The verdict; a deleted one has `deleted` true.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Verdict'
                '401':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
            put:
              operationId: putVerdict
              summary: Write your verdict with this id (create, or replace with If-Match)
              description: >-
                The reviewer is always the authenticated user; another user's verdict gives 403. Without `If-Match`
                this creates the verdict (201); if the id exists the answer is 428, code `exists`. With `If-Match` it
                replaces label, confidence, rationale and evidence, and revives a deleted verdict. A reviewer has at
                most one live verdict per claim (409, code `live-verdict-exists`, with that verdict). The claim must
                exist and be active, and a verdict never moves to another claim.
              tags: [verdicts]
              parameters:
                - $ref: '#/components/parameters/IfMatch'
                - $ref: '#/components/parameters/IfNoneMatch'
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/VerdictInput'
              responses:
                '200':
                  description: Replaced.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Verdict'
                '201':
                  description: Created.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                    Location:
                      $ref: '#/components/headers/Location'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Verdict'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '412':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
                '428':
                  $ref: '#/components/responses/Error'
            delete:
              operationId: deleteVerdict
              summary: Delete your verdict (If-Match required), leaving a tombstone
              description: >-
                The verdict stays readable with `deleted` true, so that every replica learns of the delete. An
                already deleted verdict gives 409, code `deleted`.
              tags: [verdicts]
              parameters:
                - $ref: '#/components/parameters/IfMatchRequired'
              responses:
                '200':
                  description: Deleted; the answer is the tombstone.
                  headers:
                    ETag:
                      $ref: '#/components/headers/ETag'
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Verdict'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '412':
                  $ref: '#/components/responses/Error'
                '428':
                  $ref: '#/components/responses/Error'
          /v1/changes:
            get:
              operationId: listChanges
              summary: The change feed
              description: >-
                Every write, in `seq` order, with the record as that write left it. Start with `since=0`, then pass
                the page's `next` until `hasMore` is false; later, poll with the last `next`. A page also stops once
                it holds about 4 MiB of record JSON (it always holds at least one change when there is one), so it
                may hold fewer than `limit` changes while `hasMore` is true: loop on `hasMore`, never on a short
                page. Keep the page's `feed` with the cursor; when a page shows a different `feed`, the database was
                restored from a backup and its sequence numbers may repeat ones already seen: discard the cursor and
                pull again from `since=0`.
              tags: [sync]
              parameters:
                - name: since
                  in: query
                  description: Return changes with a larger `seq` than this.
                  schema:
                    type: integer
                    format: int64
                    minimum: 0
                    default: 0
                - name: limit
                  in: query
                  description: >-
                    Most changes to return; values above 5000 are treated as 5000. A page may hold fewer (see the
                    4 MiB bound above).
                  schema:
                    type: integer
                    minimum: 1
                    default: 500
              responses:
                '200':
                  description: A page of changes.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/ChangesPage'
                      examples:
                        page:
                          summary: One verdict change, with more to follow
                          value:
                            changes:
                              - seq: 1042
                                type: verdict
                                id: v-3f2a
                                version: 1
                                deleted: false
                                record:
                                  id: v-3f2a
                                  version: 1
                                  claimId: c-19
                                  reviewer: dana
                                  label: mostly-false
                                  confidence: 0.8
                                  rationale: The ministry's own figures show 312, not 450.
                                  evidence:
                                    - url: https://example.org/ministry/report-2026-02
                                      note: Table 3
                                  deleted: false
                                  createdAt: '2026-02-01T09:30:00.000Z'
                                  updatedAt: '2026-02-01T09:30:00.000Z'
                            next: 1042
                            hasMore: true
                            feed: '376c60a4ee2011f1e6e5af5c2ee7dfcc'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
          /v1/push:
            post:
              operationId: push
              summary: Apply a batch of mutations, each on its own
              description: >-
                Mutations are decided in order, each against the state the ones before it left; each is written
                entirely or not at all, and each gets one result, in the same order. A malformed mutation is
                rejected alone; the whole request fails (400) only when the body is not JSON, has more mutations than
                the server accepts (5000 by default), or a mutation has no readable `mutationId`. A retry with the same
                `mutationId` (per user) gets the first outcome again and writes nothing (its `record` is the record
                as it was at that outcome's `version`); reusing an id for a different mutation is rejected with code
                `mutation-id-reused`. Every outcome is remembered except a write the database itself refuses (a
                storage constraint failure, which should never happen): it is rejected with code `invalid`, and a
                retry is decided afresh. An idle connection is closed after 60 seconds; a push whose upload was cut
                off was never decided, so send it again.
              tags: [sync]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/PushRequest'
                    examples:
                      mixed:
                        summary: A new verdict, a stale claim withdrawal and a verdict with an unknown label
                        value:
                          mutations:
                            - mutationId: 8c1e6f0a-0007
                              type: verdict
                              op: put
                              id: v-3f2a
                              record:
                                id: v-3f2a
                                claimId: c-19
                                label: mostly-false
                                confidence: 0.8
                                rationale: The ministry's own figures show 312, not 450.
                                evidence:
                                  - url: https://example.org/ministry/report-2026-02
                                    note: Table 3
                            - mutationId: 8c1e6f0a-0008
                              type: claim
                              op: put
                              id: c-12
                              baseVersion: 1
                              record:
                                articleId: a-7
                                quote: over 500 aerial weapons
                                status: withdrawn
                            - mutationId: 8c1e6f0a-0009
                              type: verdict
                              op: put
                              record:
                                claimId: c-19
                                label: pants-on-fire
              responses:
                '200':
                  description: One result per mutation, in the order they were sent.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/PushResponse'
                      examples:
                        mixed:
                          summary: Applied, conflict and rejected results for the request example
                          value:
                            results:
                              - mutationId: 8c1e6f0a-0007
                                status: applied
                                type: verdict
                                id: v-3f2a
                                version: 1
                                seq: 1042
                                record:
                                  id: v-3f2a
                                  version: 1
                                  claimId: c-19
                                  reviewer: dana
                                  label: mostly-false
                                  confidence: 0.8
                                  rationale: The ministry's own figures show 312, not 450.
                                  evidence:
                                    - url: https://example.org/ministry/report-2026-02
                                      note: Table 3
                                  deleted: false
                                  createdAt: '2026-02-01T09:30:00.000Z'
                                  updatedAt: '2026-02-01T09:30:00.000Z'
                              - mutationId: 8c1e6f0a-0008
                                status: conflict
                                type: claim
                                id: c-12
                                version: 2
                                code: stale
                                reason: 'claim c-12 is at version 2, not 1: it changed since you read it'
                                record:
                                  id: c-12
                                  version: 2
                                  articleId: a-7
                                  revision: 1
                                  quote: over 500 aerial weapons
                                  prefix: 'Overnight the army reported '
                                  suffix: ' launched at the capital.'
                                  start: 214
                                  end: 237
                                  status: withdrawn
                                  createdBy: sam
                                  createdAt: '2026-02-01T08:12:40.118Z'
                                  updatedAt: '2026-02-01T09:02:11.503Z'
                              - mutationId: 8c1e6f0a-0009
                                status: rejected
                                type: verdict
                                code: invalid
                                reason: >-
                                  label 'pants-on-fire' is not on the verdict scale (true, mostly-true, mixed,
                                  mostly-false, false, unverifiable)
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
          /v1/users:
            get:
              operationId: listUsers
              summary: List users (admins)
              tags: [users]
              responses:
                '200':
                  description: Every user, by name, without tokens.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/UserList'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
            post:
              operationId: createUser
              summary: Create a user and its first token (admins)
              description: The answer holds the token; it is shown this once and never again.
              tags: [users]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/NewUser'
              responses:
                '201':
                  description: Created; the user's first token.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/IssuedToken'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '409':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
          /v1/users/{name}/tokens:
            post:
              operationId: issueToken
              summary: Issue another token for a user (admins)
              description: >-
                For another device. The answer holds the token; it is shown this once and never again. A disabled
                user gets no tokens (400).
              tags: [users]
              parameters:
                - name: name
                  in: path
                  required: true
                  description: The user's name.
                  schema:
                    type: string
              requestBody:
                required: false
                description: Optional; an empty body issues a token without a label.
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/NewToken'
              responses:
                '201':
                  description: Issued.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/IssuedToken'
                '400':
                  $ref: '#/components/responses/Error'
                '401':
                  $ref: '#/components/responses/Error'
                '403':
                  $ref: '#/components/responses/Error'
                '404':
                  $ref: '#/components/responses/Error'
                '413':
                  $ref: '#/components/responses/Error'
        components:
          securitySchemes:
            bearerAuth:
              type: http
              scheme: bearer
              description: >-
                An API token, `vdt_` and 64 hex digits, issued by `POST /v1/users`, `POST /v1/users/{name}/tokens` or
                `verdict-server users`. A missing, unknown or revoked token, or one whose user is disabled, gets 401.
          parameters:
            RecordId:
              name: id
              in: path
              required: true
              description: >-
                The record's id: 1 to 64 ASCII letters, digits, `-` or `_`. Other ids never exist (404).
              schema:
                type: string
            IfMatch:
              name: If-Match
              in: header
              required: false
              description: >-
                The version the edit was made from, as its ETag (`"3"`; `W/"3"` and `3` are also accepted), or `*`
                for whatever version is current. Required to replace an existing record; leave it out to create.
                Anything else is a 400.
              schema:
                type: string
            IfMatchRequired:
              name: If-Match
              in: header
              required: true
              description: >-
                The version being deleted, as its ETag (`"3"`; `W/"3"` and `3` are also accepted), or `*` for
                whatever version is current. Without it the answer is 428, code `if-match-required`.
              schema:
                type: string
            IfNoneMatch:
              name: If-None-Match
              in: header
              required: false
              description: >-
                `*` to create only: when the record already exists the answer is 412 (code `exists`) instead of 428.
                For a claim, also when an existing claim already marks the span (412 with that claim as `current`,
                instead of a merge).
              schema:
                type: string
                const: '*'
          headers:
            ETag:
              description: The record's version as a strong entity tag, e.g. `"3"`; send it back in `If-Match`.
              schema:
                type: string
            Location:
              description: The new record's URL, e.g. `/v1/claims/c-12`.
              schema:
                type: string
            ContentLocation:
              description: The URL of the existing record that is answered instead of the one sent.
              schema:
                type: string
            WWWAuthenticate:
              description: '`Bearer`, on 401 answers.'
              schema:
                type: string
          responses:
            Error:
              description: >-
                An error: 400 invalid input (code `invalid`), 401 no valid token (`unauthorized`), 403 role or
                ownership (`forbidden`), 404 (`not-found`), 409 conflict (`exists`, `duplicate`, `deleted`,
                `live-verdict-exists`), 412 failed precondition (`stale`, `exists`, `not-found`), 413 body too large
                (`http-413`), 428 `If-Match` needed (`exists`, `if-match-required`). Conflicts carry the server's
                current record.
              headers:
                WWW-Authenticate:
                  $ref: '#/components/headers/WWWAuthenticate'
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/APIErrorBody'
          schemas:
            Alpha:
              type: object
              properties:
                nominal: { type: [number, 'null'] }
                ordinal: { type: [number, 'null'] }
                interval: { type: [number, 'null'] }
            AgreementReport:
              type: object
              required: [method, claims, verdicts, reviewerCount, alpha, fleiss, pairs, reviewers, articles]
              properties:
                method: { type: string, enum: [majority, dawid-skene] }
                claims: { type: integer }
                verdicts: { type: integer }
                reviewerCount: { type: integer }
                alpha: { $ref: '#/components/schemas/Alpha' }
                fleiss:
                  type: object
                  properties:
                    kappa: { type: [number, 'null'] }
                    note: { type: [string, 'null'], description: Why there is no kappa. }
                pairs:
                  type: array
                  items:
                    type: object
                    required: [first, second, shared]
                    properties:
                      first: { type: string }
                      second: { type: string }
                      kappa: { type: [number, 'null'] }
                      shared: { type: integer, description: Claims both rated. }
                reviewers:
                  type: array
                  items:
                    type: object
                    required: [name, verdicts]
                    properties:
                      name: { type: string }
                      verdicts: { type: integer }
                      agreementWithConsensus: { type: [number, 'null'] }
                      dawidSkeneAccuracy: { type: [number, 'null'] }
                articles:
                  type: array
                  items:
                    type: object
                    required: [article, claims, verdicts, alpha]
                    properties:
                      article: { type: string }
                      claims: { type: integer }
                      verdicts: { type: integer }
                      alpha: { $ref: '#/components/schemas/Alpha' }
            RecordId:
              type: string
              description: 1 to 64 ASCII letters, digits, `-` or `_`; clients may make their own (UUIDs recommended).
              pattern: '^[A-Za-z0-9_-]{1,64}$'
            Timestamp:
              type: string
              format: date-time
              description: ISO 8601 UTC with milliseconds, e.g. `2026-02-01T09:30:00.000Z`; sorts as text in time order.
            RecordType:
              type: string
              description: The kinds of record that sync and the change feed carry.
              enum: [article, claim, verdict]
            Role:
              type: string
              description: >-
                What a user may do; each role can do everything the one before it can. Reviewers mark claims and
                write their own verdicts; editors also add and correct articles and withdraw claims; admins also
                manage users.
              enum: [admin, editor, reviewer]
            ClaimStatus:
              type: string
              description: Whether a claim is still under review.
              enum: [active, withdrawn]
            MutationOp:
              type: string
              description: >-
                `put` creates (no `baseVersion`) or replaces (with the `baseVersion` it was edited from); `delete`
                deletes a verdict (leaving a tombstone) or withdraws a claim. Articles cannot be deleted.
              enum: [put, delete]
            MutationStatus:
              type: string
              description: >-
                `applied`: written, `version`, `seq` and `record` say how. `merged`: a claim whose span an existing
                claim already marks, or a put that changes nothing on an existing claim; `id` and `record` are the
                existing claim's and nothing was written. `conflict`:
                the record changed since `baseVersion` (or already exists); `record` is the server's current state.
                `rejected`: invalid or not allowed; `code` and `reason` say why and nothing was written.
              enum: [applied, merged, conflict, rejected]
            Me:
              type: object
              description: The authenticated user.
              required: [name, role]
              properties:
                name:
                  type: string
                role:
                  $ref: '#/components/schemas/Role'
            Article:
              type: object
              description: >-
                A news article: one revision of its text plus its metadata. `body` is NFC-normalized with LF line
                breaks; claim offsets count Unicode scalars into the body of a stated revision.
              required:
                [id, version, revision, title, source, body, contentHash, createdBy, updatedBy, createdAt, updatedAt]
              properties:
                id:
                  $ref: '#/components/schemas/RecordId'
                version:
                  type: integer
                  minimum: 1
                  description: Record version; 1 on creation, one more on every write.
                revision:
                  type: integer
                  minimum: 1
                  description: >-
                    Text revision; 1 on creation, one more on every correction that changes the body (a fix of only
                    the title, source, url or date keeps it). Old revisions stay readable.
                title:
                  type: string
                source:
                  type: string
                  description: The outlet that published the article; may be empty.
                url:
                  type: string
                  format: uri
                published:
                  type: string
                  description: Publication date, `YYYY-MM-DD` or a full ISO 8601 timestamp.
                body:
                  type: string
                contentHash:
                  type: string
                  pattern: '^[0-9a-f]{64}$'
                  description: Lowercase hex SHA-256 of the UTF-8 of `body`.
                createdBy:
                  type: string
                  description: Name of the user who created the article.
                updatedBy:
                  type: string
                  description: Name of the user who wrote this revision.
                createdAt:
                  $ref: '#/components/schemas/Timestamp'
                updatedAt:
                  $ref: '#/components/schemas/Timestamp'
            ArticleSummary:
              type: object
              description: An article at its current revision, without its body, for listings.
              required: [id, version, revision, title, source]
              properties:
                id:
                  $ref: '#/components/schemas/RecordId'
                version:
                  type: integer
                  minimum: 1
                revision:
                  type: integer
                  minimum: 1
                title:
                  type: string
                source:
                  type: string
                url:
                  type: string
                  format: uri
                published:
                  type: string
            ArticleRevisionSummary:
              type: object
              description: One line of an article's revision history.
              required: [revision, title, contentHash, author, createdAt]
              properties:
                revision:
                  type: integer
                  minimum: 1
                title:
                  type: string
                contentHash:
                  type: string
                  pattern: '^[0-9a-f]{64}$'
                  description: Lowercase hex SHA-256 of the UTF-8 of this revision's body.
                author:
                  type: string
                  description: Name of the user who wrote this revision.
                createdAt:
                  $ref: '#/components/schemas/Timestamp'
            ArticleList:
              type: object
              description: A page of `GET /v1/articles`.
              required: [articles]
              properties:
                articles:
                  type: array
                  items:
                    $ref: '#/components/schemas/ArticleSummary'
                next:
                  type: string
                  description: >-
                    Pass as `after` for the next page; present whenever the page is full (the next page may be
                    empty), absent otherwise.
            ArticleRevisionList:
              type: object
              description: The answer of `GET /v1/articles/{id}/revisions`.
              required: [revisions]
              properties:
                revisions:
                  type: array
                  items:
                    $ref: '#/components/schemas/ArticleRevisionSummary'
            Claim:
              type: object
              description: >-
                A span of an article that reviewers rate, named both by quote and by position (W3C Web Annotation
                style). `start` and `end` (exclusive) count Unicode scalars (code points) into the NFC body of article
                revision `revision`; `prefix` and `suffix` are up to 32 scalars of the text around the quote. The span
                never changes after the claim is marked.
              required:
                [id, version, articleId, revision, quote, prefix, suffix, start, end, status, createdBy, createdAt,
                updatedAt]
              properties:
                id:
                  $ref: '#/components/schemas/RecordId'
                version:
                  type: integer
                  minimum: 1
                  description: Record version; 1 on creation, one more on every write.
                articleId:
                  $ref: '#/components/schemas/RecordId'
                revision:
                  type: integer
                  minimum: 1
                  description: The article revision the offsets refer to.
                quote:
                  type: string
                  description: The marked text, exactly the scalars `start..<end` of that revision's body.
                prefix:
                  type: string
                  maxLength: 32
                  description: Up to 32 scalars of text before the quote.
                suffix:
                  type: string
                  maxLength: 32
                  description: Up to 32 scalars of text after the quote.
                start:
                  type: integer
                  minimum: 0
                  description: Offset of the quote's first scalar.
                end:
                  type: integer
                  minimum: 1
                  description: Offset just past the quote's last scalar (exclusive).
                status:
                  $ref: '#/components/schemas/ClaimStatus'
                createdBy:
                  type: string
                  description: Name of the user who marked the claim.
                createdAt:
                  $ref: '#/components/schemas/Timestamp'
                updatedAt:
                  $ref: '#/components/schemas/Timestamp'
            Evidence:
              type: object
              description: A source a reviewer cites for a verdict.
              required: [url]
              properties:
                url:
                  type: string
                  format: uri
                  maxLength: 2048
                  description: An absolute `http` or `https` URL (at most 2048 bytes).
                note:
                  type: string
                  maxLength: 2000
            Verdict:
              type: object
              description: >-
                One reviewer's rating of one claim. A reviewer has at most one live (not deleted) verdict per claim;
                deleting leaves a tombstone (`deleted` true) so that every replica learns of the delete.
              required:
                [id, version, claimId, reviewer, label, confidence, rationale, evidence, deleted, createdAt, updatedAt]
              properties:
                id:
                  $ref: '#/components/schemas/RecordId'
                version:
                  type: integer
                  minimum: 1
                  description: Record version; 1 on creation, one more on every write.
                claimId:
                  $ref: '#/components/schemas/RecordId'
                reviewer:
                  type: string
                  description: Name of the reviewer who owns the verdict.
                label:
                  type: string
                  description: A label id from the desk's verdict scale (`GET /v1/scale`).
                confidence:
                  type: number
                  minimum: 0
                  maximum: 1
                  description: How sure the reviewer is, from 0 to 1.
                rationale:
                  type: string
                  description: May be empty.
                evidence:
                  type: array
                  items:
                    $ref: '#/components/schemas/Evidence'
                deleted:
                  type: boolean
                  description: True for a tombstone.
                createdAt:
                  $ref: '#/components/schemas/Timestamp'
                updatedAt:
                  $ref: '#/components/schemas/Timestamp'
            ScaleLabel:
              type: object
              description: One value of a verdict scale.
              required: [id, name, ordinal]
              properties:
                id:
                  type: string
                  pattern: '^[a-z0-9-]{1,40}$'
                  description: Machine id used in verdicts, e.g. `mostly-false`.
                name:
                  type: string
                  description: The words a reader sees, e.g. "Mostly false" (ClaimReview's `alternateName`).
                description:
                  type: string
                ordinal:
                  type: boolean
                  description: >-
                    Ordinal labels are ranked (listed best to worst); others (e.g. `unverifiable`) are categories of
                    their own.
            VerdictScale:
              type: object
              description: The labels a desk rates claims with, ordinal labels best to worst, then non-ordinal ones.
              required: [labels]
              properties:
                labels:
                  type: array
                  minItems: 1
                  items:
                    $ref: '#/components/schemas/ScaleLabel'
            User:
              type: object
              description: A user as the API shows it (never with tokens).
              required: [name, role, disabled, createdAt]
              properties:
                name:
                  type: string
                role:
                  $ref: '#/components/schemas/Role'
                disabled:
                  type: boolean
                  description: A disabled user's tokens do not work.
                createdAt:
                  $ref: '#/components/schemas/Timestamp'
            UserList:
              type: object
              description: The answer of `GET /v1/users`.
              required: [users]
              properties:
                users:
                  type: array
                  items:
                    $ref: '#/components/schemas/User'
            NewUser:
              type: object
              description: The body of `POST /v1/users`.
              required: [name, role]
              properties:
                name:
                  type: string
                  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
                  description: >-
                    1 to 64 letters, digits, `.`, `-` or `_`, starting with a letter or digit; `system` is reserved.
                    Names are unique regardless of case.
                role:
                  $ref: '#/components/schemas/Role'
                tokenLabel:
                  type: [string, 'null']
                  maxLength: 100
                  description: A label for the first token, e.g. the device it is for.
            NewToken:
              type: object
              description: The optional body of `POST /v1/users/{name}/tokens`.
              properties:
                label:
                  type: [string, 'null']
                  maxLength: 100
                  description: A label for the token, e.g. the device it is for.
            IssuedToken:
              type: object
              description: A freshly issued API token. `token` is shown once and never stored; the server keeps its hash.
              required: [user, tokenId, token]
              properties:
                user:
                  type: string
                tokenId:
                  type: integer
                  format: int64
                label:
                  type: string
                token:
                  type: string
                  pattern: '^vdt_[0-9a-f]{64}$'
                  description: The bearer token, `vdt_` and 64 hex digits.
            ArticleInput:
              type: object
              description: >-
                The fields a client sends to create or correct an article; the server fills in the rest. Text is
                NFC-normalized; single-line fields are trimmed and must hold no control characters (the body may
                hold line breaks and tabs). Lengths count Unicode scalars.
              required: [title, body]
              properties:
                id:
                  description: The new article's id; the server makes one when left out. Must match the URL on PUT.
                  oneOf:
                    - $ref: '#/components/schemas/RecordId'
                    - type: 'null'
                title:
                  type: string
                  minLength: 1
                  maxLength: 1000
                source:
                  type: [string, 'null']
                  maxLength: 200
                  description: The outlet that published the article; empty when left out.
                url:
                  type: [string, 'null']
                  maxLength: 2048
                  description: An absolute `http` or `https` URL; empty means none.
                published:
                  type: [string, 'null']
                  description: '`YYYY-MM-DD` or a full ISO 8601 timestamp with a time zone; empty means none.'
                body:
                  type: string
                  minLength: 1
                  maxLength: 500000
                  description: >-
                    At most 500,000 Unicode scalars. On a correction, a body that is exactly another article's
                    current text is refused (`duplicate`); an unchanged body keeps the revision.
            ClaimInput:
              type: object
              description: >-
                The fields a client sends to mark a claim, or to change its status. Give `start` and `end` (Unicode
                scalars into the NFC article body of `revision`, end exclusive; they must hold exactly `quote`), or
                leave both out and the server finds `quote` itself: its `occurrence`-th appearance. Offsets together
                with an `occurrence` are refused (`invalid`: give the offsets or an occurrence, not both). On a status
                change the article, quote and offsets must be the claim's own (or left out); an `occurrence` given
                then must locate the claim's own span.
              required: [articleId, quote]
              properties:
                id:
                  description: The new claim's id; the server makes one when left out. Must match the URL on PUT.
                  oneOf:
                    - $ref: '#/components/schemas/RecordId'
                    - type: 'null'
                articleId:
                  $ref: '#/components/schemas/RecordId'
                revision:
                  type: [integer, 'null']
                  minimum: 1
                  description: The article revision the offsets refer to; the current revision when left out.
                quote:
                  type: string
                  minLength: 1
                  maxLength: 5000
                  description: The text of the claim; NFC-normalized by the server.
                start:
                  type: [integer, 'null']
                  minimum: 0
                end:
                  type: [integer, 'null']
                  minimum: 1
                occurrence:
                  type: [integer, 'null']
                  minimum: 1
                  default: 1
                  description: >-
                    Which appearance of `quote` to mark when no offsets are given (1-based, at least 1); not allowed
                    together with `start` and `end`.
                status:
                  oneOf:
                    - $ref: '#/components/schemas/ClaimStatus'
                    - type: 'null'
                  description: >-
                    Editors may set `withdrawn` (or back to `active`) on an existing claim; new claims are always
                    `active`.
            VerdictInput:
              type: object
              description: The fields a reviewer sends to write a verdict. The reviewer is always the authenticated user.
              required: [claimId, label]
              properties:
                id:
                  description: The new verdict's id; the server makes one when left out. Must match the URL on PUT.
                  oneOf:
                    - $ref: '#/components/schemas/RecordId'
                    - type: 'null'
                claimId:
                  $ref: '#/components/schemas/RecordId'
                label:
                  type: string
                  description: A label id from the desk's verdict scale.
                confidence:
                  type: [number, 'null']
                  minimum: 0
                  maximum: 1
                  default: 1
                  description: How sure the reviewer is, from 0 to 1; 1 when left out.
                rationale:
                  type: [string, 'null']
                  maxLength: 20000
                evidence:
                  type: [array, 'null']
                  maxItems: 100
                  items:
                    $ref: '#/components/schemas/Evidence'
            Mutation:
              type: object
              description: One local edit, as the client sends it in `POST /v1/push`.
              required: [mutationId, type, op]
              properties:
                mutationId:
                  type: string
                  pattern: '^[!-~]{1,128}$'
                  description: >-
                    Client-made, unique per user, 1 to 128 printable ASCII characters; a retry with the same id is
                    answered from the first outcome.
                type:
                  $ref: '#/components/schemas/RecordType'
                op:
                  $ref: '#/components/schemas/MutationOp'
                id:
                  description: >-
                    The record's id: required for `delete` and for updates; a create without it gets a server-made id.
                    When `record` names an id too, both must be the same.
                  oneOf:
                    - $ref: '#/components/schemas/RecordId'
                    - type: 'null'
                baseVersion:
                  type: [integer, 'null']
                  description: >-
                    The version the edit was made from; absent for a create. Any integer is accepted: one that is not
                    the record's current version (0 and negative numbers never are) gives a `stale` conflict, or
                    `not-found` when the record does not exist.
                record:
                  description: >-
                    The record's fields, required for `put`: an ArticleInput, ClaimInput or VerdictInput according to
                    `type`. Null or absent for `delete`.
                  oneOf:
                    - $ref: '#/components/schemas/ArticleInput'
                    - $ref: '#/components/schemas/ClaimInput'
                    - $ref: '#/components/schemas/VerdictInput'
                    - type: 'null'
            PushRequest:
              type: object
              description: The body of `POST /v1/push`.
              required: [mutations]
              properties:
                mutations:
                  type: array
                  items:
                    $ref: '#/components/schemas/Mutation'
            MutationResult:
              type: object
              description: The answer to one mutation of a push, in the order they were sent.
              required: [mutationId, status]
              properties:
                mutationId:
                  type: string
                status:
                  $ref: '#/components/schemas/MutationStatus'
                type:
                  $ref: '#/components/schemas/RecordType'
                  description: Absent when the mutation could not be read or its `mutationId` was reused.
                id:
                  $ref: '#/components/schemas/RecordId'
                  description: >-
                    The record's id. On a rejection, the mutation's `id` echoed back, and only when it is a valid
                    record id.
                version:
                  type: integer
                  minimum: 1
                  description: The record's version after an applied write, or the current version on merge and conflict.
                seq:
                  type: integer
                  format: int64
                  description: The change-feed sequence number of an applied write.
                code:
                  type: string
                  description: >-
                    Why: `same-span` for merges; `stale`, `exists`, `live-verdict-exists`, `deleted` for conflicts;
                    `invalid`, `forbidden`, `not-found`, `duplicate`, `mutation-id-reused` for rejections.
                reason:
                  type: string
                  description: A sentence for the user.
                record:
                  description: >-
                    The new record (applied), the existing claim (merged) or the server's current record (conflict);
                    an Article, Claim or Verdict according to the sibling `type` field. In an answer repeated for a
                    retried `mutationId`, the record as it was at `version`.
                  oneOf:
                    - $ref: '#/components/schemas/Article'
                    - $ref: '#/components/schemas/Claim'
                    - $ref: '#/components/schemas/Verdict'
            PushResponse:
              type: object
              description: 'The body of a `POST /v1/push` answer: one result per mutation, same order.'
              required: [results]
              properties:
                results:
                  type: array
                  items:
                    $ref: '#/components/schemas/MutationResult'
            Change:
              type: object
              description: One entry of the change feed, a write and the record as that write left it.
              required: [seq, type, id, version, deleted, record]
              properties:
                seq:
                  type: integer
                  format: int64
                  minimum: 1
                  description: Server-wide, strictly increasing; a reader resumes with `since` = the last `seq` it holds.
                type:
                  $ref: '#/components/schemas/RecordType'
                id:
                  $ref: '#/components/schemas/RecordId'
                version:
                  type: integer
                  minimum: 1
                deleted:
                  type: boolean
                  description: True for a verdict tombstone.
                record:
                  description: An Article, Claim or Verdict according to the sibling `type` field.
                  oneOf:
                    - $ref: '#/components/schemas/Article'
                    - $ref: '#/components/schemas/Claim'
                    - $ref: '#/components/schemas/Verdict'
            ChangesPage:
              type: object
              description: A page of `GET /v1/changes`.
              required: [changes, next, hasMore, feed]
              properties:
                changes:
                  type: array
                  items:
                    $ref: '#/components/schemas/Change'
                next:
                  type: integer
                  format: int64
                  description: 'The cursor for the next request: the `seq` of the last change here, or `since` when none.'
                hasMore:
                  type: boolean
                  description: >-
                    True when more changes follow `next` right now. A page may hold fewer than `limit` changes (it
                    stops at about 4 MiB of records) and still have more: loop on this, not on the page's length.
                feed:
                  type: string
                  pattern: '^[0-9a-f]{32}$'
                  description: >-
                    The id of this change log, 32 lowercase hex digits. It stays the same across restarts; a database
                    restored from a `verdict-server backup` copy gets a new one. Keep it with the cursor: when it
                    differs from the one the cursor came from, sequence numbers may repeat ones already seen, so
                    discard the cursor and pull again from `since=0`.
            APIErrorBody:
              type: object
              description: Every 4xx and 5xx answer's body.
              required: [error]
              properties:
                error:
                  type: object
                  required: [message]
                  properties:
                    message:
                      type: string
                      description: A sentence naming the problem, for the user.
                    code:
                      type: string
                      description: >-
                        A stable machine code: `invalid`, `unauthorized`, `forbidden`, `not-found`, `exists`,
                        `duplicate`, `deleted`, `live-verdict-exists`, `stale`, `if-match-required`, `internal`, or
                        `http-<status>` for other HTTP-level errors.
                    type:
                      $ref: '#/components/schemas/RecordType'
                    current:
                      description: >-
                        On conflicts, the server's current record: an Article, Claim or Verdict according to the
                        sibling `type` field.
                      oneOf:
                        - $ref: '#/components/schemas/Article'
                        - $ref: '#/components/schemas/Claim'
                        - $ref: '#/components/schemas/Verdict'
        """#
}
