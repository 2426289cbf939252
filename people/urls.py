from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.people_list, name="list"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/seats/give/", views.give_seat, name="give_seat"),
    path("people/<int:pk>/seats/take-away/", views.take_seat, name="take_seat"),
    path("people/<int:pk>/seats/hand-over/", views.hand_over, name="hand_over"),
    path("people/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("people/<int:pk>/invitation/resend/", views.resend_invitation, name="resend"),
    path("people/<int:pk>/invitation/withdraw/", views.revoke_invitation, name="revoke"),
    path("people/contacts/<str:code>/", views.contacts, name="contacts"),
    path("people/contacts/remove/<int:pk>/", views.remove_contact, name="remove_contact"),
    path("welcome/<str:token>/", views.accept, name="accept"),
]
