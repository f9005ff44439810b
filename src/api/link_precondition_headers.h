#pragma once

#include <cstdint>
#include <string>

#include "api/http_message.h"
#include "core/link_precondition.h"
#include "core/result.h"

namespace pal::api {

// The If-Match and If-None-Match headers of a link write (PUT, PATCH, DELETE) as a
// LinkPrecondition; no headers is the empty one.
//  - If-Match: one etag — `5`, `"5"` or `W/"5"` (the body's etag is a bare integer, so clients
//    echo either that or the quoted ETag header; a weak tag is the same version) — or `*`.
//  - If-None-Match: only `*` ("create only if there is no link"); a version there would mean
//    "write unless unchanged", which no client of this API needs.
// Anything else — empty, a list, a repeated header, a non-integer — is 400 InvalidIfMatch /
// InvalidIfNoneMatch: ignoring a condition the client meant would write without it.
Result<LinkPrecondition> ParseLinkPreconditionHeaders(const HttpRequest& request);

// The ETag header value of a link version: the version quoted, as RFC 9110 spells an etag.
std::string LinkEtagHeader(std::int64_t version);

}  // namespace pal::api
