from django.urls import path

from ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("communities/<int:pk>/", views.CommunityDetailView.as_view(), name="community"),
    path("grids/<int:pk>/edit/", views.GridUpdateView.as_view(), name="grid_edit"),
    # Residents
    path("residents/", views.ResidentListView.as_view(), name="resident_list"),
    path("residents/add/", views.ResidentCreateView.as_view(), name="resident_add"),
    path("residents/check-id/", views.resident_check_id, name="resident_check_id"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident"),
    path("residents/<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident_edit"),
    path("residents/<int:pk>/status/", views.ResidentStatusView.as_view(), name="resident_status"),
    path(
        "residents/<int:pk>/ethnicity/",
        views.resident_change_ethnicity,
        name="resident_ethnicity",
    ),
    path("residents/<int:pk>/id-number/", views.resident_id_number, name="resident_id_number"),
    # Records kept on a resident: added from the resident's page, listed in their ledgers
    path(
        "residents/<int:resident_pk>/floating/add/",
        views.FloatingRecordCreateView.as_view(),
        name="floatingrecord_add",
    ),
    path(
        "floating/<int:pk>/edit/",
        views.FloatingRecordUpdateView.as_view(),
        name="floatingrecord_edit",
    ),
    path(
        "residents/<int:resident_pk>/new-strata/add/",
        views.StrataMembershipCreateView.as_view(),
        name="stratamembership_add",
    ),
    path(
        "new-strata/<int:pk>/edit/",
        views.StrataMembershipUpdateView.as_view(),
        name="stratamembership_edit",
    ),
    path(
        "residents/<int:resident_pk>/overseas/add/",
        views.OverseasTieCreateView.as_view(),
        name="overseastie_add",
    ),
    path("overseas/<int:pk>/edit/", views.OverseasTieUpdateView.as_view(), name="overseastie_edit"),
    path(
        "residents/<int:resident_pk>/study-abroad/add/",
        views.StudyAbroadCreateView.as_view(),
        name="studyabroad_add",
    ),
    path(
        "study-abroad/<int:pk>/edit/",
        views.StudyAbroadUpdateView.as_view(),
        name="studyabroad_edit",
    ),
    # Households
    path("households/", views.HouseholdListView.as_view(), name="household_list"),
    path("households/add/", views.HouseholdCreateView.as_view(), name="household_add"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household"),
    path("households/<int:pk>/edit/", views.HouseholdUpdateView.as_view(), name="household_edit"),
    path("households/<int:pk>/head/", views.household_change_head, name="household_head"),
    # Businesses and places
    path("businesses/", views.BusinessListView.as_view(), name="business_list"),
    path("businesses/add/", views.BusinessCreateView.as_view(), name="business_add"),
    path("businesses/<int:pk>/", views.BusinessDetailView.as_view(), name="business"),
    path("businesses/<int:pk>/edit/", views.BusinessUpdateView.as_view(), name="business_edit"),
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/add/", views.PlaceCreateView.as_view(), name="place_add"),
    path("places/<int:pk>/", views.PlaceDetailView.as_view(), name="place"),
    path("places/<int:pk>/edit/", views.PlaceUpdateView.as_view(), name="place_edit"),
    # The special ledgers, as the county names them
    path("minority/", views.MinorityLedgerView.as_view(), name="minority_ledger"),
    path("floating/", views.FloatingLedgerView.as_view(), name="floating_ledger"),
    path(
        "minority-floating/",
        views.MinorityFloatingLedgerView.as_view(),
        name="minority_floating_ledger",
    ),
    path("new-strata/", views.StrataLedgerView.as_view(), name="strata_ledger"),
    path("overseas/", views.OverseasLedgerView.as_view(), name="overseas_ledger"),
    path("study-abroad/", views.StudyAbroadLedgerView.as_view(), name="study_abroad_ledger"),
    path(
        "individual-businesses/",
        views.IndividualBusinessLedgerView.as_view(),
        name="individual_business_ledger",
    ),
    path(
        "religious-venues/",
        views.ReligiousVenueLedgerView.as_view(),
        name="religious_venue_ledger",
    ),
    path("checks/", views.consistency_checks, name="checks"),
]
