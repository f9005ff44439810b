#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace pal {

// What kind of failure an Error is; the API layer maps each kind to an HTTP status.
enum class ErrorKind {
  kInvalidArgument,     // 400: the request is malformed or names something invalid
  kUnauthenticated,     // 401: no usable credential
  kForbidden,           // 403: the caller may not do this
  kNotFound,            // 404: the thing does not exist (for this caller)
  kConflict,            // 409: the request conflicts with the current state
  kPreconditionFailed,  // 412: the caller's If-Match / If-None-Match does not hold
  kUnavailable,         // 503: transient; the caller may retry
  kInternal,            // 500: a bug or an I/O failure
};

// An expected failure: an ARM-style machine code and a human message.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;

  static Error InvalidArgument(std::string code, std::string message) {
    return {ErrorKind::kInvalidArgument, std::move(code), std::move(message)};
  }
  static Error NotFound(std::string code, std::string message) {
    return {ErrorKind::kNotFound, std::move(code), std::move(message)};
  }
  static Error Conflict(std::string code, std::string message) {
    return {ErrorKind::kConflict, std::move(code), std::move(message)};
  }
  static Error PreconditionFailed(std::string code, std::string message) {
    return {ErrorKind::kPreconditionFailed, std::move(code), std::move(message)};
  }
  static Error Forbidden(std::string code, std::string message) {
    return {ErrorKind::kForbidden, std::move(code), std::move(message)};
  }
  static Error Unauthenticated(std::string code, std::string message) {
    return {ErrorKind::kUnauthenticated, std::move(code), std::move(message)};
  }
  static Error Internal(std::string message) {
    return {ErrorKind::kInternal, "InternalServerError", std::move(message)};
  }
};

// Result<T> holds either a T or an Error (a small stand-in for C++23 std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  // On a temporary the value is moved out and returned by value, so `for (auto& x : *Find())`
  // iterates an object that lives as long as the loop instead of one inside a dead Result.
  T value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace pal

// Early return on failure, for functions that return a Result.
//
//   PAL_TRY(store.CreateTenant(tenant));                  // Result<void> or a discarded value
//   PAL_ASSIGN_OR_RETURN(auto tenant, store.FindTenant(id));  // declares `tenant` as the value
//   PAL_ASSIGN_OR_RETURN(existing, store.FindTenant(id));     // assigns to an existing variable
//
// Each evaluates the expression once and returns its Error (converted to the enclosing
// function's Result) when it failed.
#define PAL_TRY(expr)                                          \
  do {                                                         \
    auto&& pal_try_result_ = (expr);                           \
    if (!pal_try_result_.ok()) return pal_try_result_.error(); \
  } while (false)

#define PAL_RESULT_CONCAT_INNER_(a, b) a##b
#define PAL_RESULT_CONCAT_(a, b) PAL_RESULT_CONCAT_INNER_(a, b)
#define PAL_ASSIGN_OR_RETURN(lhs, expr) \
  PAL_ASSIGN_OR_RETURN_IMPL_(PAL_RESULT_CONCAT_(pal_result_, __LINE__), lhs, expr)
#define PAL_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                               \
  if (!result.ok()) return result.error();            \
  lhs = std::move(result).value()
