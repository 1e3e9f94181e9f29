// libcurl for Swift: curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call, so each
// argument type gets a small typed wrapper here.
#ifndef VERDICT_CCURL_SHIM_H
#define VERDICT_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*verdict_curl_write_callback)(char *data, size_t size, size_t count, void *user);
typedef int (*verdict_curl_progress_callback)(void *user, curl_off_t download_total, curl_off_t downloaded,
                                              curl_off_t upload_total, curl_off_t uploaded);

static inline CURLcode verdict_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_write(CURL *handle, CURLoption option, verdict_curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode verdict_curl_setopt_progress(CURL *handle, verdict_curl_progress_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode verdict_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
