//! Round trips of the credential, assertion, over-time and course
//! operations, each body in every encoding it takes.

use super::*;

pub(super) async fn credentials(served: &Served, client: &Client) {
    // credentials_orgs_users_retrieve
    let (got, call) = served
        .round(
            CredentialsOrgsUsersRetrieveResponse::Ok(credential()),
            client.credentials_orgs_users_retrieve(ORG, USER),
        )
        .await;
    assert_eq!(&got.unwrap(), &credential());
    let path = call.args::<CredentialsOrgsUsersRetrievePath>();
    assert_org_user(&path.org, &path.user_id);
    assert_eq!(call.principal.as_deref(), Some(SCHEME));
    // The trailing slash of the template is kept.
    let target = served.last_wire().target;
    assert!(
        target.starts_with("/api/credentials/orgs/main%20org%2F%C3%BC/users/") && target.ends_with('/'),
        "{target}"
    );

    // credentials_orgs_users_create, in each encoding
    for encoding in ENCODINGS {
        let sent = credential_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersCreateResponse::Ok(credential());
        let (got, call) = served
            .round(
                reply,
                client.credentials_orgs_users_create(ORG, USER, body!(encoding, CredentialsOrgsUsersCreateBody, &sent)),
            )
            .await;
        assert_eq!(&got.unwrap(), &credential());
        let (path, body) = call.args::<(CredentialsOrgsUsersCreatePath, s::CredentialRequest)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(&sent, body);
        assert_eq!(body.created_at.to_rfc3339(), "2024-02-29T23:59:59.123+05:30", "{encoding:?}");
        assert_eq!((body.icon_image_id, body.background_image_id), (i64::MAX, i64::MIN), "{encoding:?}");
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_retrieve2: the entity id may equal a literal
    // segment of a sibling template (`.../{user_id}/images/`).
    for entity_id in AWKWARD.iter().chain(&["assertions", "images", "issuers", "assignments", "course-credentials"]) {
        let (got, call) = served
            .round(
                CredentialsOrgsUsersRetrieve2Response::Ok(credential()),
                client.credentials_orgs_users_retrieve2(ORG, USER, entity_id),
            )
            .await;
        assert_eq!(&got.unwrap(), &credential());
        let path = call.args::<CredentialsOrgsUsersRetrieve2Path>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(path.entity_id, *entity_id);
    }

    // credentials_orgs_users_update, in each encoding
    for encoding in ENCODINGS {
        let sent = credential_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersUpdateResponse::Ok(credential());
        let call = client.credentials_orgs_users_update(
            ORG,
            USER,
            "cred 1",
            body!(encoding, CredentialsOrgsUsersUpdateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &credential());
        let (path, body) = call.args::<(CredentialsOrgsUsersUpdatePath, s::CredentialRequest)>();
        assert_eq!(path.entity_id, "cred 1");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
    assert_eq!(served.last_wire().method, "PUT");

    // credentials_orgs_users_destroy
    let (got, call) = served
        .round(
            CredentialsOrgsUsersDestroyResponse::NoContent,
            client.credentials_orgs_users_destroy(ORG, USER, "cred/1"),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersDestroyPath>().entity_id, "cred/1");
}

pub(super) async fn credential_assertions(served: &Served, client: &Client) {
    // credentials_orgs_users_assertions_retrieve3
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssertionsRetrieve3Response::Ok(page()),
            client.credentials_orgs_users_assertions_retrieve3(ORG, USER, "cred ✓"),
        )
        .await;
    let got = got.unwrap();
    assert_eq!(&got, &page());
    assert_eq!((got.count, got.max_page_size), (i64::MAX, i64::MIN));
    assert_eq!((got.data[0].narrative.as_ref(), got.data[1].narrative.as_ref()), (Some(&None), None));
    assert_eq!(call.args::<CredentialsOrgsUsersAssertionsRetrieve3Path>().entity_id, "cred ✓");

    // credentials_orgs_users_assertions_create, in each encoding
    for encoding in ENCODINGS {
        let sent = assertion_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersAssertionsCreateResponse::Ok(assertion());
        let call = client.credentials_orgs_users_assertions_create(
            ORG,
            USER,
            "cred",
            body!(encoding, CredentialsOrgsUsersAssertionsCreateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &assertion());
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsCreatePath, s::AssertionRequest)>();
        assert_eq!(path.entity_id, "cred");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_assertions_bulk_create: untyped items, in
    // each encoding (a form or multipart body carries them as text).
    for encoding in ENCODINGS {
        let sent = match encoding {
            Encoding::Json => client::models::BulkCreateAssertion {
                skipped: vec![json!("username1"), json!(42), json!(null), json!({"u": ["x"]})],
                issued: Vec::new(),
            },
            _ => client::models::BulkCreateAssertion {
                skipped: vec![json!("user name"), json!("ü&x=1?#")],
                issued: vec![json!("only one")],
            },
        };
        let reply = CredentialsOrgsUsersAssertionsBulkCreateResponse::Ok(sent.clone());
        let call = client.credentials_orgs_users_assertions_bulk_create(
            ORG,
            USER,
            "cred",
            body!(encoding, CredentialsOrgsUsersAssertionsBulkCreateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(got.unwrap(), sent);
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsBulkCreatePath, s::BulkCreateAssertion)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
}

pub(super) async fn user_assertions(served: &Served, client: &Client) {
    use ops::CredentialsOrgsUsersAssertionsRetrieveOptions as Options;

    // credentials_orgs_users_assertions_retrieve: absent, false and true
    // booleans, integers at the limits the schema allows.
    let all = Options {
        course: Some("course-v1:x+y+z ü&a=b#c".into()),
        exclude_main_tenant_assertions: Some(true),
        include_expired: Some(false),
        include_revoked: Some(true),
        page: Some(i64::MAX),
        page_size: Some(1000),
    };
    let smallest = Options { page: Some(1), page_size: Some(1), ..Default::default() };
    for options in [Options::default(), all, smallest] {
        let reply = CredentialsOrgsUsersAssertionsRetrieveResponse::Ok(page());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assertions_retrieve(ORG, USER, options.clone())).await;
        assert_eq!(&got.unwrap(), &page());
        let (path, query) =
            call.args::<(CredentialsOrgsUsersAssertionsRetrievePath, CredentialsOrgsUsersAssertionsRetrieveQuery)>();
        assert_org_user(&path.org, &path.user_id);
        let received = (
            &query.course,
            query.exclude_main_tenant_assertions,
            query.include_expired,
            query.include_revoked,
            query.page,
            query.page_size,
        );
        let sent = (
            &options.course,
            options.exclude_main_tenant_assertions,
            options.include_expired,
            options.include_revoked,
            options.page,
            options.page_size,
        );
        assert_eq!(received, sent);
    }

    // credentials_orgs_users_assertions_retrieve2
    for entity_id in AWKWARD {
        let reply = CredentialsOrgsUsersAssertionsRetrieve2Response::Ok(assertion());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assertions_retrieve2(ORG, USER, entity_id)).await;
        assert_eq!(&got.unwrap(), &assertion());
        assert_eq!(call.args::<CredentialsOrgsUsersAssertionsRetrieve2Path>().entity_id, *entity_id);
    }

    // credentials_orgs_users_assertions_update, in each encoding
    for encoding in ENCODINGS {
        let sent = assertion_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersAssertionsUpdateResponse::Ok(assertion());
        let call = client.credentials_orgs_users_assertions_update(
            ORG,
            USER,
            "a/1",
            body!(encoding, CredentialsOrgsUsersAssertionsUpdateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &assertion());
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsUpdatePath, s::AssertionRequest)>();
        assert_eq!(path.entity_id, "a/1");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
}

pub(super) async fn over_time(served: &Served, client: &Client) {
    // credentials_orgs_users_assertions_over_time_retrieve
    {
        use client::models::CredentialsOrgsUsersOverTimeRetrieveFormat as Format;
        use ops::CredentialsOrgsUsersAssertionsOverTimeRetrieveOptions as Options;
        let stats = s::OvertimeWithChangeInfo {
            data: Some(BTreeMap::from([
                ("2024-01-01".into(), json!(1)),
                ("2024-01-02".into(), json!(null)),
                ("2024-01-03".into(), json!(-2.5)),
                ("total".into(), json!({"n": i64::MIN})),
            ])),
            total: Some(i64::MAX),
            meta: s::OvertimeMeta {
                total: i64::MIN,
                change_range: Some(0),
                change_last_seven_days: Some(-7),
                change_last_thirty_days: None,
                change_last_seven_days_percent: Some(-12.5),
                change_last_thirty_days_percent: Some(1e300),
                change_range_percent: Some(0.1),
            },
        };
        let all = Options {
            department_id: Some(i64::MIN),
            end_date: Some("2024-02-29T23:59:59+05:30".into()),
            format: Some(Format::Json),
            include_main_platform: Some(false),
            start_date: Some("2024-01-01 00:00 ü&x=1#".into()),
        };
        for options in [Options::default(), all] {
            let reply = CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse::Ok(stats.clone());
            let (got, call) = served
                .round(reply, client.credentials_orgs_users_assertions_over_time_retrieve(ORG, USER, options.clone()))
                .await;
            assert_eq!(&got.unwrap(), &stats);
            let (path, query) = call.args::<(
                CredentialsOrgsUsersAssertionsOverTimeRetrievePath,
                CredentialsOrgsUsersAssertionsOverTimeRetrieveQuery,
            )>();
            assert_org_user(&path.org, &path.user_id);
            assert_eq!(query.department_id, options.department_id);
            assert_eq!((&query.end_date, &query.start_date), (&options.end_date, &options.start_date));
            // Absent, the parameters with a default arrive as that default.
            assert_eq!(query.format.as_str(), options.format.as_ref().map_or("json", |f| f.as_str()));
            assert_eq!(query.include_main_platform, options.include_main_platform.unwrap_or(true));
        }
    }
    // credentials_orgs_users_course_assertions_over_time_retrieve
    let series = s::OverTime {
        data: BTreeMap::from([
            ("2024-01-01".into(), json!(3)),
            ("2024-01-02".into(), json!(null)),
            (String::new(), json!("x")),
        ]),
    };
    {
        use client::models::CredentialsOrgsUsersOverTimeRetrieveFormat as Format;
        use ops::CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveOptions as Options;
        let options = Options {
            department_id: Some(i64::MAX),
            format: Some(Format::Json),
            include_main_platform: Some(false),
            ..Default::default()
        };
        let reply = CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse::Ok(series.clone());
        let (got, call) = served
            .round(reply, client.credentials_orgs_users_course_assertions_over_time_retrieve(ORG, USER, options))
            .await;
        assert_eq!(&got.unwrap(), &series);
        let (_, query) = call.args::<(
            CredentialsOrgsUsersCourseAssertionsOverTimeRetrievePath,
            CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveQuery,
        )>();
        assert_eq!((query.department_id, query.include_main_platform, &query.end_date), (Some(i64::MAX), false, &None));
        assert_eq!(query.format.as_str(), "json");
    }
    // credentials_orgs_users_credentials_over_time_retrieve
    {
        use ops::CredentialsOrgsUsersCredentialsOverTimeRetrieveOptions as Options;
        let options = Options {
            end_date: Some("2024-12-31".into()),
            start_date: Some("2024-01-01".into()),
            ..Default::default()
        };
        let reply = CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse::Ok(series.clone());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_credentials_over_time_retrieve(ORG, USER, options)).await;
        assert_eq!(&got.unwrap(), &series);
        let (_, query) =
            call.args::<(
                CredentialsOrgsUsersCredentialsOverTimeRetrievePath,
                CredentialsOrgsUsersCredentialsOverTimeRetrieveQuery,
            )>();
        assert_eq!(
            (query.end_date.as_deref(), query.start_date.as_deref(), query.department_id),
            (Some("2024-12-31"), Some("2024-01-01"), None)
        );
    }
}

pub(super) async fn course_credentials_and_assignments(served: &Served, client: &Client) {
    use ops::CredentialsOrgsUsersCourseCredentialsListOptions as Options;

    // credentials_orgs_users_course_credentials_list: no constraints, so
    // both limits of int64.
    for options in [Options::default(), Options { page: Some(i64::MIN), page_size: Some(i64::MAX) }] {
        let reply = CredentialsOrgsUsersCourseCredentialsListResponse::Ok;
        let (got, call) = served
            .round(reply, client.credentials_orgs_users_course_credentials_list(ORG, USER, options.clone()))
            .await;
        got.unwrap();
        let (_, query) = call
            .args::<(CredentialsOrgsUsersCourseCredentialsListPath, CredentialsOrgsUsersCourseCredentialsListQuery)>();
        assert_eq!((query.page, query.page_size), (options.page, options.page_size));
    }

    // credentials_orgs_users_assignments_destroy, also with ids equal to
    // the literal segments of sibling templates (`.../assignments/groups/`).
    for assignment_id in AWKWARD.iter().chain(&["groups", "users"]) {
        let reply = CredentialsOrgsUsersAssignmentsDestroyResponse::NoContent;
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assignments_destroy(ORG, USER, assignment_id)).await;
        got.unwrap();
        let path = call.args::<CredentialsOrgsUsersAssignmentsDestroyPath>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(path.assignment_id, *assignment_id);
    }

    // The four assignment operations without body or parameters beyond the path.
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse::Ok,
            client.credentials_orgs_users_assignments_groups_retrieve(ORG, USER),
        )
        .await;
    got.unwrap();
    let path = call.args::<CredentialsOrgsUsersAssignmentsGroupsRetrievePath>();
    assert_org_user(&path.org, &path.user_id);
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsGroupsCreateResponse::Ok,
            client.credentials_orgs_users_assignments_groups_create(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsGroupsCreatePath>().org, ORG);
    assert_eq!(served.last_wire().method, "POST");
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsUsersRetrieveResponse::Ok,
            client.credentials_orgs_users_assignments_users_retrieve(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsUsersRetrievePath>().user_id, USER);
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsUsersCreateResponse::Ok,
            client.credentials_orgs_users_assignments_users_create(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsUsersCreatePath>().user_id, USER);
}
