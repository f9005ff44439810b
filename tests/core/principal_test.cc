#include "core/principal.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(GuestAccounts, AGuestIsNamedAfterItsHomeSignInNameAsEntraDoes) {
  EXPECT_EQ(GuestNamePrefix("mia@mekorma.example"), "mia_mekorma.example#EXT#@");
  EXPECT_EQ(GuestNamePrefix("first.last@sub.mekorma.example"),
            "first.last_sub.mekorma.example#EXT#@");
  EXPECT_EQ(GuestNamePrefix("no-at-sign"), "");
  EXPECT_EQ(GuestNamePrefix("@mekorma.example"), "");
  EXPECT_EQ(GuestNamePrefix("mia@"), "");
}

TEST(GuestAccounts, TheHomeSignInNameComesBackFromTheGuestName) {
  EXPECT_EQ(HomeSignInNameOfGuest("mia_mekorma.example#EXT#@contoso.example"),
            "mia@mekorma.example");
  EXPECT_EQ(HomeSignInNameOfGuest("MIA_mekorma.example#ext#@contoso.example"),
            "MIA@mekorma.example");
  // The last '_' is the '@': underscores of the local part stay.
  EXPECT_EQ(HomeSignInNameOfGuest("first_last_mekorma.example#EXT#@contoso.example"),
            "first_last@mekorma.example");
  EXPECT_FALSE(HomeSignInNameOfGuest("alice@contoso.example"));
  EXPECT_FALSE(HomeSignInNameOfGuest("nounderscore#EXT#@contoso.example"));
  EXPECT_FALSE(HomeSignInNameOfGuest("_mekorma.example#EXT#@contoso.example"));
}

}  // namespace
}  // namespace pal
