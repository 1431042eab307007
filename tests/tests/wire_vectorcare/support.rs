//! Bodies and times shared by the VectorCare wire tests: the detail page's success example, UTC
//! times from RFC 3339 text, and the typed bodies of the example service and of the two
//! illustrative services.

use clientgen_runtime::chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use vectorcare_client::types::{
    Address, CreateExampleServiceRequestBody, CreateExampleServiceRequestBodyPatient,
    CreateExampleServiceRequestBodyRequest, CreateIllustrativeInsuredRequestBody,
    CreateIllustrativeInsuredRequestBodyPatient, CreateIllustrativeInsuredRequestBodyRequest,
    CreateIllustrativeTransportRequestBody, CreateIllustrativeTransportRequestBodyPatient,
    CreateIllustrativeTransportRequestBodyRequest, Insurance,
};

/// The detail page's success example (as in the spec).
pub(crate) fn detail_example() -> Value {
    json!({
        "request_id": "EE5A6YZL",
        "patient_first_name": "Angela",
        "patient_last_name": "Graves",
        "patient_dob": "1931-03-31",
        "pickup_location": {
            "id": "address.2900060502936820", "lat": 37.8623, "lng": -122.4911, "zip": "94965",
            "city": "Sausalito", "name": "28 Liberty Ship Way", "state": "CA",
            "street": "28 Liberty Ship Way",
            "address": "28 Liberty Ship Way, Sausalito, California 94965, United States",
            "country": "United States"
        },
        "destination_location": {
            "id": "address.6571326868700452", "lat": 37.80119, "lng": -122.43935, "zip": "94123",
            "city": "San Francisco", "name": "96 Toledo Way", "state": "CA",
            "street": "96 Toledo Way",
            "address": "96 Toledo Way, San Francisco, California 94123, United States",
            "country": "United States"
        },
        "transport_pickup_time": "2022-04-28T14:00:00Z",
        "transport_agreed_for_time": "2022-04-28T14:00:00Z",
        "service_level_type": "BLS",
        "service_type": "standing_order_dispatcher",
        "account": {
            "id": "2UVAGY7O", "name": "Cool Company",
            "service_levels": ["ALS", "Ambulatory Van", "BLS", "CCT", "WC"],
            "facilities": null
        },
        "facility": {"id": "2UVAGY7O", "name": "Helpful Hospital #0"},
        "user": {"first_name": "Nicole", "last_name": "Montoya", "email": "requester@example.com"},
        "enabled_patient_fields": {"gender": "m"},
        "enabled_request_fields": {},
        "request_current_state": "accepted",
        "is_round_trip_first_trip": false,
        "is_round_trip_return_trip": false,
        "collection_id": "2UVAGY7O"
    })
}

/// Returns a UTC time from RFC 3339 text.
pub(crate) fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// The page's example service body, typed.
pub(crate) fn example_service_body() -> CreateExampleServiceRequestBody {
    CreateExampleServiceRequestBody {
        patient: CreateExampleServiceRequestBodyPatient {
            id: "PAT-001".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        request: CreateExampleServiceRequestBodyRequest {
            test: "value".into(),
        },
    }
}

/// The illustrative insured service's example body (`ILLINSR1.yaml`), typed.
pub(crate) fn insured_body() -> CreateIllustrativeInsuredRequestBody {
    CreateIllustrativeInsuredRequestBody {
        patient: CreateIllustrativeInsuredRequestBodyPatient {
            id: "PAT-003".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        insurance: Insurance {
            payer_name: "Example Health Plan".into(),
            member_id: "XJH123456789".into(),
            group_number: Some("GRP-0042".into()),
            plan_name: None,
        },
        request: CreateIllustrativeInsuredRequestBodyRequest {
            oxygen_required: true,
            weight_lbs: Some(180),
            authorization_number: Some("AUTH-77881".into()),
        },
    }
}

/// The illustrative transport service's example body (`ILLTRNS1.yaml`), typed.
pub(crate) fn transport_body() -> CreateIllustrativeTransportRequestBody {
    let address = |street: &str, city: &str, zip: &str| Address {
        street: street.into(),
        street2: None,
        city: city.into(),
        state: "CA".into(),
        zip: zip.into(),
        country: Some("United States".into()),
    };
    CreateIllustrativeTransportRequestBody {
        patient: CreateIllustrativeTransportRequestBodyPatient {
            id: "PAT-002".into(),
            last_name: "Graves".into(),
            first_name: "Angela".into(),
            dob: NaiveDate::from_ymd_opt(1931, 3, 31).expect("a date"),
        },
        request: CreateIllustrativeTransportRequestBodyRequest {
            pickup_address: address("28 Liberty Ship Way", "Sausalito", "94965"),
            dropoff_address: address("96 Toledo Way", "San Francisco", "94123"),
            appointment_time: utc("2022-04-28T15:00:00Z"),
            service_level: Some("BLS".into()),
            notes: Some("Patient uses a walker.".into()),
        },
    }
}
