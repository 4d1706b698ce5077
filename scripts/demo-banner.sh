#!/usr/bin/env bash
# demo-banner.sh — what `make run` prints before serving: where Haven is and
# how to sign in to the demo partnership.
listen=${1:-127.0.0.1:8080}
cat <<MSG

  Haven is starting on http://$listen/  (Ctrl+C stops it)

  The demo partnership: Blackburn with Darwen, Blackpool and Lancashire, with
  fictional agencies, schools, people and children.

  Sign in at http://$listen/sign-in with any of these, password
  demo-password-for-haven :

    admin@demo.haven.example          administrator
    partnership@demo.haven.example    partnership team
    practitioner@demo.haven.example   practitioner (health)
    frontdoor@demo.haven.example      front door (MASH)
    police@demo.haven.example         police
    dsl@demo.haven.example            designated safeguarding lead (school)
    idva@demo.haven.example           domestic violence adviser
    scrutineer@demo.haven.example     independent scrutineer
    dsl2@demo.haven.example           designated safeguarding lead (another school)
    frontdoor2@demo.haven.example     front door (another local authority)
    idva2@demo.haven.example          domestic violence adviser (another service)
    agencyadmin@demo.haven.example    agency administrator (a school)
    partnership2@demo.haven.example   partnership team (a second member)
    trustlead@demo.haven.example      agency administrator (the hospital trust's
                                      safeguarding lead: its Section 11 return)

MSG
