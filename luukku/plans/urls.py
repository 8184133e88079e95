"""The plan screens, mounted at /suunnitelmat/. Plans are addressed by their number, never by a person's code."""

from django.urls import path

from luukku.plans import views

app_name = "plans"

urlpatterns = [
    path("uusi/<uuid:public_id>/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/muokkaa/", views.plan_edit, name="edit"),
    path("<int:plan_id>/tavoitteet/uusi/", views.goal_add, name="goal_add"),
    path("<int:plan_id>/toimenpiteet/uusi/", views.action_add, name="action_add"),
    path("<int:plan_id>/yhteistyotahot/uusi/", views.partner_add, name="partner_add"),
    path("<int:plan_id>/tarkistus/", views.plan_review, name="review"),
    path("<int:plan_id>/paata/", views.plan_close, name="close"),
    path("<int:plan_id>/tuloste/", views.plan_print, name="print"),
    path("<int:plan_id>/versiot/", views.version_list, name="versions"),
    path("<int:plan_id>/versiot/<int:number>/", views.version_detail, name="version"),
    path("<int:plan_id>/vertaa/", views.version_compare, name="compare"),
]
