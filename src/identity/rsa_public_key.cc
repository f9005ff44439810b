#include "identity/rsa_public_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr int kMinRsaBits = 2048;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

Error BadKey(std::string_view why) {
  ERR_clear_error();
  return Error::InvalidArgument("BadKey", std::string(why));
}

std::unique_ptr<BIGNUM, BnFree> BigNum(const nlohmann::json& jwk, const char* member) {
  auto it = jwk.find(member);
  if (it == jwk.end() || !it->is_string()) return nullptr;
  auto bytes = Base64UrlDecode(it->get<std::string>());
  if (!bytes || bytes->empty()) return nullptr;
  return std::unique_ptr<BIGNUM, BnFree>(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                static_cast<int>(bytes->size()), nullptr));
}

}  // namespace

Result<RsaPublicKey> RsaPublicKey::FromJwk(const nlohmann::json& jwk) {
  if (!jwk.is_object() || jwk.value("kty", "") != "RSA") return BadKey("the JWK is not an RSA key");
  auto n = BigNum(jwk, "n");
  auto e = BigNum(jwk, "e");
  if (!n || !e) return BadKey("the JWK has no valid 'n' and 'e'");
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> build(OSSL_PARAM_BLD_new());
  if (!build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return BadKey("cannot read the JWK's numbers");
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(build.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return BadKey("the JWK is not a valid RSA public key");
  }
  std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) return BadKey("the RSA key is too short");
  auto kid = jwk.find("kid");
  return RsaPublicKey(std::move(key), kid != jwk.end() && kid->is_string() ? kid->get<std::string>()
                                                                           : std::string());
}

Result<RsaPublicKey> RsaPublicKey::FromEvpKey(EVP_PKEY* key, std::string key_id) {
  if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < kMinRsaBits) {
    return BadKey("the key must be an RSA key of 2048 bits or more");
  }
  if (EVP_PKEY_up_ref(key) != 1) return BadKey("cannot hold the key");
  return RsaPublicKey(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free), std::move(key_id));
}

bool RsaPublicKey::Verify(std::string_view alg, std::string_view data,
                          std::string_view signature) const {
  const bool pss = alg == "PS256";
  if (!pss && alg != "RS256") return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_ctx = nullptr;
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), &key_ctx, EVP_sha256(), nullptr, key_.get()) == 1 &&
      (!pss || (EVP_PKEY_CTX_set_rsa_padding(key_ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_pss_saltlen(key_ctx, RSA_PSS_SALTLEN_DIGEST) == 1)) &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace pal::identity
